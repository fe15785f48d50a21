import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import { loadTfjsGraphModel, maxAbsDiff, tfjsWasm } from '../testing/tfjsReference.js';
import {
  BLAZEFACE_ANCHORS,
  BLAZEFACE_INPUT,
  BLAZEFACE_OUTPUTS,
  BLAZEFACE_SIZE,
  BLAZEFACE_STRIDE,
  buildBlazeFace,
} from './blazeface.js';

/*
 * The BlazeFace ONNX model against the original TF.js graph run by TF.js (wasm), on real photos: the face-api demo
 * group photos and a few single-face photos from the shared research set (read in place, when it is there). At
 * 256×256 against the TF graph's own outputs; on other canvases against the same graph run by TF.js at that size up
 * to its head convolutions (its reshapes are fixed to 256×256), flattened the way the TF graph flattens them.
 */

const MODEL_DIR = resolve('node_modules/@vladmandic/human/models');
const SAMPLES = resolve('node_modules/@vladmandic/face-api/demo');
const FACES = resolve('..', 'shared', 'datasets', 'faces', 'images');
const SINGLE_FACES = existsSync(FACES)
  ? ['face_00001.jpg', 'face_00042.jpg', 'face_00123.jpg', 'face_00500.jpg'].map((f) => join(FACES, f))
  : [];
const PHOTOS = [...[1, 2, 3, 4, 5, 6].map((n) => join(SAMPLES, `sample${n}.jpg`)), ...SINGLE_FACES];

/** The photo stretched to 256×256 RGB, x / 127.5 − 1, NHWC: the input Human gives the model. */
async function modelInput(path: string): Promise<Float32Array> {
  const { data } = await sharp(path)
    .resize(BLAZEFACE_SIZE, BLAZEFACE_SIZE, { fit: 'fill' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return Float32Array.from(data, (v) => v / 127.5 - 1);
}

const SHAPE = [1, BLAZEFACE_SIZE, BLAZEFACE_SIZE, 3];

/**
 * The photo fitted inside a height×width canvas at its top-left, the rest black, as the face pipeline fills a pyramid
 * level's canvas.
 */
async function canvasInput(path: string, height: number, width: number): Promise<Float32Array> {
  const { data, info } = await sharp(path)
    .resize(width, height, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const x = new Float32Array(height * width * 3).fill(-1);
  for (let y = 0; y < info.height; y++)
    for (let k = 0; k < info.width * 3; k++) x[y * width * 3 + k] = data[y * info.width * 3 + k]! / 127.5 - 1;
  return x;
}

/** The TF graph's head convolutions, stride-16 first: logits then regressors (see the builder's contract). */
const HEAD_NODES = ['conv2d_33', 'conv2d_34', 'conv2d_35', 'conv2d_36'].map(
  (name) => `StatefulPartitionedCall/functional_1/${name}/BiasAdd`,
);

/** Canvases other than 256×256: the top level of a 3:2 photo, a middle and a finest level of a 1920×1280 photo. */
const CANVASES = [
  [192, 256],
  [384, 576],
  [832, 1216],
] as const;

/**
 * TF.js's four heads concatenated the way Human does (stride-16 anchors first), then what Human does next: the
 * sigmoid of the logits, and the regressors as fractions of the input. The ONNX graph does the same inside.
 */
function reference(model: GraphModel, tf: Awaited<ReturnType<typeof tfjsWasm>>, x: Float32Array) {
  return tf.tidy(() => {
    const [l16, l32, r16, r32] = model.execute(tf.tensor(x, SHAPE), [
      'Identity',
      'Identity_1',
      'Identity_2',
      'Identity_3',
    ]) as Tensor[];
    return {
      scores: tf.sigmoid(tf.concat([l16!, l32!], 1)).dataSync(),
      boxes: tf.div(tf.concat([r16!, r32!], 1), BLAZEFACE_SIZE).dataSync(),
    };
  });
}

/** The head maps flattened per anchor (NHWC order, as the TF graph's reshapes do) and joined, stride-16 first. */
function referenceAnySize(
  model: GraphModel,
  tf: Awaited<ReturnType<typeof tfjsWasm>>,
  x: Float32Array,
  shape: number[],
) {
  return tf.tidy(() => {
    const [l16, l32, r16, r32] = model.execute(tf.tensor(x, shape), HEAD_NODES) as Tensor[];
    const flat = (t: Tensor, width: number) => t.reshape([1, -1, width]);
    return {
      scores: tf.sigmoid(tf.concat([flat(l16!, 1), flat(l32!, 1)], 1)).dataSync(),
      boxes: tf.div(tf.concat([flat(r16!, 16), flat(r32!, 16)], 1), BLAZEFACE_SIZE).dataSync(),
    };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeMs(run: () => unknown, warmup = 5, runs = 25): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

describe('BlazeFace ONNX model', () => {
  let onnx: Uint8Array;
  let session: ort.InferenceSession;
  let tfModel: GraphModel;
  let tfAnySize: GraphModel;
  let tf: Awaited<ReturnType<typeof tfjsWasm>>;

  beforeAll(async () => {
    onnx = buildBlazeFace(MODEL_DIR);
    session = await ort.InferenceSession.create(onnx);
    tf = await tfjsWasm();
    tfModel = await loadTfjsGraphModel(join(MODEL_DIR, 'blazeface.json'));
    tfAnySize = await loadTfjsGraphModel(join(MODEL_DIR, 'blazeface.json'), { input: [1, -1, -1, 3] });
  });
  afterAll(async () => {
    await session.release();
    tfModel.dispose();
    tfAnySize.dispose();
  });

  /** Runs the model on an NHWC input (as TF.js takes it), given to the model as the RGB planes it reads. */
  const run = async (s: ort.InferenceSession, x: Float32Array, [n, h, w, c] = SHAPE) => {
    const planes = new Float32Array(x.length);
    for (let i = 0; i < h! * w!; i++) for (let k = 0; k < c!; k++) planes[k * h! * w! + i] = x[i * c! + k]!;
    const out = await s.run({ [BLAZEFACE_INPUT]: new ort.Tensor('float32', planes, [n!, c!, h!, w!]) });
    return { scores: out[BLAZEFACE_OUTPUTS.scores]!, boxes: out[BLAZEFACE_OUTPUTS.boxes]! };
  };

  const compare = (
    label: string,
    want: { scores: ArrayLike<number>; boxes: ArrayLike<number> },
    got: { scores: ort.Tensor; boxes: ort.Tensor },
  ) => {
    const figures = {
      scores: maxAbsDiff(want.scores, got.scores.data as Float32Array),
      boxes: maxAbsDiff(want.boxes, got.boxes.data as Float32Array),
    };
    console.log(
      `blazeface parity ${label}: scores ${figures.scores.toExponential(1)}, boxes ${figures.boxes.toExponential(1)}`,
    );
    expect(figures.scores).toBeLessThanOrEqual(1e-4);
    expect(figures.boxes).toBeLessThanOrEqual(1e-4);
  };

  it('declares its input and outputs', () => {
    expect(session.inputNames).toEqual([BLAZEFACE_INPUT]);
    expect(session.outputNames).toEqual([BLAZEFACE_OUTPUTS.scores, BLAZEFACE_OUTPUTS.boxes]);
  });

  it('is byte-deterministic', () => {
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(hash(buildBlazeFace(MODEL_DIR))).toBe(hash(onnx));
  });

  it.each(PHOTOS.map((path) => [basename(path), path]))('matches TF.js within 1e-4 on %s', async (_name, path) => {
    const x = await modelInput(path);
    const want = reference(tfModel, tf, x);
    const got = await run(session, x);
    expect(got.scores.dims).toEqual([1, BLAZEFACE_ANCHORS]);
    expect(got.boxes.dims).toEqual([1, BLAZEFACE_ANCHORS, 16]);
    compare(basename(path), want, got);
  });

  it.each(CANVASES.map(([h, w]) => [`${h}×${w}`, h, w] as const))(
    'matches TF.js within 1e-4 on a %s canvas',
    async (_name, height, width) => {
      const shape = [1, height, width, 3];
      const anchors = (height / 16) * (width / 16) * 2 + (height / BLAZEFACE_STRIDE) * (width / BLAZEFACE_STRIDE) * 6;
      // Two group photos and a single face: every canvas costs TF.js wasm up to a second.
      for (const path of [PHOTOS[0]!, PHOTOS[3]!, PHOTOS.at(-1)!]) {
        const x = await canvasInput(path, height, width);
        const got = await run(session, x, shape);
        expect(got.scores.dims).toEqual([1, anchors]);
        expect(got.boxes.dims).toEqual([1, anchors, 16]);
        compare(`${basename(path)} on ${height}×${width}`, referenceAnySize(tfAnySize, tf, x, shape), got);
      }
    },
  );

  it.skipIf(SINGLE_FACES.length === 0)('finds the face in single-face photos', async () => {
    for (const path of SINGLE_FACES) {
      const { scores } = await run(session, await modelInput(path));
      expect(Math.max(...(scores.data as Float32Array)), basename(path)).toBeGreaterThan(0.75);
    }
  });

  it('measures ORT (1 and 2 intra-op threads) against TF.js wasm (printed, not asserted)', async () => {
    const x = await modelInput(PHOTOS[0]!);
    const lines: string[] = [];
    for (const threads of [1, 2]) {
      const s = await ort.InferenceSession.create(onnx, { intraOpNumThreads: threads, interOpNumThreads: 1 });
      lines.push(`ORT ${threads} thread${threads > 1 ? 's' : ''} ${(await timeMs(() => run(s, x))).toFixed(1)} ms`);
      await s.release();
    }
    lines.push(`TF.js wasm ${(await timeMs(() => reference(tfModel, tf, x))).toFixed(1)} ms`);
    console.log(`blazeface latency (median of 25): ${lines.join(', ')}`);
  });
});
