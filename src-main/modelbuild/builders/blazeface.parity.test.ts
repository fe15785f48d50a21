import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GraphModel, Tensor } from '@tensorflow/tfjs';
import { loadTfjsGraphModel, maxAbsDiff, tfjsWasm } from '../testing/tfjsReference.js';
import { BLAZEFACE_ANCHORS, BLAZEFACE_INPUT, BLAZEFACE_OUTPUTS, BLAZEFACE_SIZE, buildBlazeFace } from './blazeface.js';

/*
 * The BlazeFace ONNX model against the original TF.js graph run by TF.js (wasm), on real photos: the face-api demo
 * group photos and a few single-face photos from the shared research set (read in place, when it is there).
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
  let tf: Awaited<ReturnType<typeof tfjsWasm>>;

  beforeAll(async () => {
    onnx = buildBlazeFace(MODEL_DIR);
    session = await ort.InferenceSession.create(onnx);
    tf = await tfjsWasm();
    tfModel = await loadTfjsGraphModel(join(MODEL_DIR, 'blazeface.json'));
  });
  afterAll(async () => {
    await session.release();
    tfModel.dispose();
  });

  const run = async (s: ort.InferenceSession, x: Float32Array) => {
    const out = await s.run({ [BLAZEFACE_INPUT]: new ort.Tensor('float32', x, SHAPE) });
    return { scores: out[BLAZEFACE_OUTPUTS.scores]!, boxes: out[BLAZEFACE_OUTPUTS.boxes]! };
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
    const figures = {
      scores: maxAbsDiff(want.scores, got.scores.data as Float32Array),
      boxes: maxAbsDiff(want.boxes, got.boxes.data as Float32Array),
    };
    console.log(
      `blazeface parity ${basename(path)}: scores ${figures.scores.toExponential(1)}, boxes ${figures.boxes.toExponential(1)}`,
    );
    expect(figures.scores).toBeLessThanOrEqual(1e-4);
    expect(figures.boxes).toBeLessThanOrEqual(1e-4);
  });

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
