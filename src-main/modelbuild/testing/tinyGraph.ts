import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterAll, expect } from 'vitest';
import { convertGraph } from '../tfjs/convertGraph.js';
import { readGraphModel, type GraphModel } from '../tfjs/graphModel.js';
import { loadTfjsGraphModel, maxAbsDiff, tfjsWasm } from './tfjsReference.js';

/*
 * Test-only: tiny TF.js graph models (model.json + weights.bin, the format the TF.js converter writes) written to a
 * temporary folder, converted, and run in onnxruntime against the same graph executed by TF.js.
 */

type AttrJson = Readonly<Record<string, unknown>>;
/** TF attribute values as model.json writes them. */
export const s = (text: string) => ({ s: Buffer.from(text).toString('base64') });
export const ints = (values: readonly number[]) => ({ list: { i: values.map(String) } });
export const strings = (values: readonly string[]) => ({ list: { s: values.map((v) => s(v).s) } });
export const float = { type: 'DT_FLOAT' };
/** An NHWC attribute list for spatial values, e.g. strides [1, h, w, 1]. */
export const nhwc = (values: readonly number[]) => [1, ...values, 1];

/** Deterministic values in [-1, 1) (mulberry32), so a failure reproduces. */
export function random(length: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length }, () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  });
}

export const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** A TF.js graph model under construction. The graph input is always the Placeholder `x`. */
export function tinyGraph(inputShape: readonly number[]) {
  const nodes: { name: string; op: string; input?: string[]; attr?: AttrJson }[] = [
    {
      name: 'x',
      op: 'Placeholder',
      attr: { dtype: float, shape: { shape: { dim: inputShape.map((d) => ({ size: String(d) })) } } },
    },
  ];
  const weights: {
    name: string;
    shape: readonly number[];
    dtype: 'float32' | 'int32';
    data: Float32Array | Int32Array;
  }[] = [];
  let seed = 1;
  const graph = {
    inputShape,
    op(name: string, op: string, input: string[], attr: AttrJson = {}) {
      nodes.push({ name, op, input, attr: { T: float, ...attr } });
      return name;
    },
    constant(name: string, shape: readonly number[], data: Float32Array | Int32Array = random(size(shape), seed++)) {
      const dtype = data instanceof Int32Array ? 'int32' : 'float32';
      const tensorType = { type: dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT' };
      const tensorShape = { dim: shape.map((d) => ({ size: String(d) })) };
      nodes.push({
        name,
        op: 'Const',
        attr: { dtype: tensorType, value: { tensor: { dtype: tensorType.type, tensorShape } } },
      });
      weights.push({ name, shape, dtype, data });
      return name;
    },
    /** Writes model.json + weights.bin as the TF.js converter does; returns the model.json path. */
    write(): string {
      const dir = mkdtempSync(join(tmpdir(), 'facets-tfgraph-'));
      const manifest = [
        { paths: ['weights.bin'], weights: weights.map(({ name, shape, dtype }) => ({ name, shape, dtype })) },
      ];
      const modelTopology = { node: nodes, library: {}, versions: {} };
      writeFileSync(
        join(dir, 'weights.bin'),
        Buffer.concat(weights.map((w) => new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength))),
      );
      writeFileSync(
        join(dir, 'model.json'),
        JSON.stringify({ format: 'graph-model', modelTopology, weightsManifest: manifest }),
      );
      return join(dir, 'model.json');
    },
  };
  return graph;
}
export type TinyGraph = ReturnType<typeof tinyGraph>;

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((session) => session.release()));
});

/** An NHWC array as an NCHW tensor. */
function nchwTensor(x: Float32Array, [n, h, w, c]: readonly number[]): ort.Tensor {
  const out = new Float32Array(x.length);
  for (let i = 0; i < n! * h! * w!; i++)
    for (let k = 0; k < c!; k++) {
      const plane = (Math.floor(i / (h! * w!)) * c! + k) * h! * w!;
      out[plane + (i % (h! * w!))] = x[i * c! + k]!;
    }
  return new ort.Tensor('float32', out, [n!, c!, h!, w!]);
}

/**
 * Converts `graph`, runs it on a random input in ORT and TF.js, and checks each output's shape and values
 * (max abs difference ≤ 1e-5). Returns the ONNX bytes. `runShapes` are the input shapes to run it on (default: the
 * declared one); `inputShape` replaces the declared shape in the conversion (ConvertRequest.inputShapes); `rewrite`
 * changes the graph before conversion (TF.js runs the original); `channelsFirst` declares the input NCHW in ONNX
 * (ORT then gets the same values transposed).
 */
export async function expectParity(
  graph: TinyGraph,
  outputs: readonly string[],
  options: {
    runShapes?: readonly (readonly number[])[];
    inputShape?: readonly number[];
    rewrite?: (model: GraphModel) => GraphModel;
    channelsFirst?: boolean;
  } = {},
): Promise<Uint8Array> {
  const path = graph.write();
  const read = readGraphModel(path);
  const onnx = convertGraph(options.rewrite ? options.rewrite(read) : read, {
    graphName: 'tiny',
    ...(options.inputShape ? { inputShapes: { x: options.inputShape } } : {}),
    ...(options.channelsFirst ? { channelsFirstInputs: ['x'] } : {}),
    outputs: outputs.map((tensor, i) => ({ tensor, name: `y${i}` })),
  });
  const tf = await tfjsWasm();
  const model = await loadTfjsGraphModel(path);
  const session = await ort.InferenceSession.create(onnx);
  sessions.push(session);
  for (const shape of options.runShapes ?? [graph.inputShape]) {
    const x = random(size(shape), 99);
    const input = tf.tensor(x, [...shape]);
    const result = model.execute({ x: input }, [...outputs]);
    // One requested output comes back as a tensor, several as an array.
    const expected = Array.isArray(result) ? result : [result];
    const actual = await session.run({
      x: options.channelsFirst ? nchwTensor(x, shape) : new ort.Tensor('float32', x, [...shape]),
    });
    for (const [i, reference] of expected.entries()) {
      const got = actual[`y${i}`]!;
      expect(got.dims, `shape of ${outputs[i]} for input [${shape.join(', ')}]`).toEqual(reference.shape);
      const want = reference.dataSync();
      expect(maxAbsDiff(want, got.data as Float32Array), `max abs difference on ${outputs[i]}`).toBeLessThanOrEqual(
        1e-5,
      );
      expect(Array.from(want).some((v) => v !== 0)).toBe(true);
    }
    tf.dispose([input, ...expected]);
  }
  model.dispose();
  return onnx;
}
