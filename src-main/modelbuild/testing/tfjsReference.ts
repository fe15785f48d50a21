import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/*
 * TF.js on its wasm backend: the reference the ONNX models are checked against (tfjs-node cannot install offline).
 * Test-only: the app never loads TF.js.
 */

let ready: Promise<typeof tf> | undefined;

/** The TF.js namespace with the wasm backend active, set up once per process. Single-threaded under Node. */
export function tfjsWasm(): Promise<typeof tf> {
  ready ??= (async () => {
    // The backend fetches its .wasm files from this folder (it sits beside the package's entry point).
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm');
    setWasmPaths(`${dirname(entry)}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('TF.js could not start its wasm backend');
    await tf.ready();
    return tf;
  })();
  return ready;
}

/** The largest |a[i] − b[i]|; the lengths must match (a shape mismatch is a failure, not a small difference). */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`comparing ${a.length} values with ${b.length}`);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return Number.isNaN(max) ? Number.POSITIVE_INFINITY : max;
}

type TopologyNode = { name: string; op: string; attr?: { shape?: { shape?: { dim?: { size: string }[] } } } };

/**
 * Loads a TF.js graph model (model.json and the weight shards beside it) from disk into TF.js. `inputShapes` replaces
 * Placeholder shapes by node name (-1 = free), as the converter's ConvertRequest.inputShapes does, so TF.js can run
 * a fully convolutional graph at other sizes than the declared one.
 */
export async function loadTfjsGraphModel(
  modelJsonPath: string,
  inputShapes: Readonly<Record<string, readonly number[]>> = {},
): Promise<tf.GraphModel> {
  const tfjs = await tfjsWasm();
  const json = JSON.parse(readFileSync(modelJsonPath, 'utf8')) as {
    modelTopology: { node: TopologyNode[] };
    weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  for (const [name, shape] of Object.entries(inputShapes)) {
    const node = json.modelTopology.node.find((n) => n.name === name && n.op === 'Placeholder');
    if (!node) throw new Error(`${modelJsonPath} has no Placeholder ${name}`);
    node.attr = { ...node.attr, shape: { shape: { dim: shape.map((d) => ({ size: String(d) })) } } };
  }
  const shards = json.weightsManifest.flatMap((group) =>
    group.paths.map((p) => readFileSync(join(dirname(modelJsonPath), p))),
  );
  const data = Buffer.concat(shards);
  return tfjs.loadGraphModel(
    tfjs.io.fromMemory({
      format: 'graph-model',
      modelTopology: json.modelTopology,
      weightSpecs: json.weightsManifest.flatMap((group) => group.weights),
      weightData: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength),
    }),
  );
}
