import { join, resolve } from 'node:path';
import * as faceapi from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import * as ort from 'onnxruntime-node';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageDir } from '../packageFiles.js';
import { tfjsWasm } from '../testing/tfjsReference.js';
import { buildFaceLandmark68, FACE_LANDMARK68_INPUT, FACE_LANDMARK68_OUTPUT } from './faceLandmark68.js';
import { buildFaceRecognition, FACE_RECOGNITION_INPUT, FACE_RECOGNITION_OUTPUT } from './faceRecognition.js';

/*
 * The converted face-api nets against face-api itself (TF.js, wasm backend) on real face crops: every output within
 * 1e-4. Timings are printed for the record, never asserted.
 */

const FACE_API = packageDir('@vladmandic/face-api');
const MODEL_DIR = join(FACE_API, 'model');
const TOLERANCE = 1e-4;

/** LFW face crops (150×150), read in place. */
const LFW = ['00001', '00120', '00240', '00360', '00480', '00600', '00720', '00840', '00960'].map((n) =>
  resolve('..', 'shared', 'datasets', 'faces', 'images', `face_${n}.jpg`),
);
/** One face per demo photo: [x, y, width, height] as face-api's SSD MobileNet v1 detected them (score ≥ 0.9). */
const SAMPLE_FACES: readonly (readonly [number, number, number, number])[] = [
  [414, 355, 177, 240],
  [1447, 153, 194, 242],
  [585, 329, 199, 271],
  [664, 53, 187, 258],
  [787, 109, 156, 212],
  [681, 321, 160, 307],
];

type Crop = Readonly<{ label: string; pixels150: Float32Array; pixels112: Float32Array }>;

async function rgb(image: Sharp, size: number): Promise<Float32Array> {
  const data = await image.resize(size, size, { fit: 'fill' }).removeAlpha().raw().toBuffer();
  return Float32Array.from(data);
}

async function loadCrops(): Promise<Crop[]> {
  const crops: Crop[] = [];
  for (const path of LFW) {
    crops.push({
      label: path.slice(-14),
      pixels150: await rgb(sharp(path), 150),
      pixels112: await rgb(sharp(path), 112),
    });
  }
  for (const [i, [x, y, w, h]] of SAMPLE_FACES.entries()) {
    const path = join(FACE_API, 'demo', `sample${i + 1}.jpg`);
    const { width = 0, height = 0 } = await sharp(path).metadata();
    // A square around the detection, kept inside the photo.
    const side = Math.min(Math.max(w, h), width, height);
    const left = Math.min(Math.max(Math.round(x + w / 2 - side / 2), 0), width - side);
    const top = Math.min(Math.max(Math.round(y + h / 2 - side / 2), 0), height - side);
    const region = { left, top, width: side, height: side };
    crops.push({
      label: `sample${i + 1}.jpg`,
      pixels150: await rgb(sharp(path).extract(region), 150),
      pixels112: await rgb(sharp(path).extract(region), 112),
    });
  }
  return crops;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]! - b[i]!));
  return max;
}

function batchOf(images: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(images.reduce((n, image) => n + image.length, 0));
  let offset = 0;
  for (const image of images) {
    out.set(image, offset);
    offset += image.length;
  }
  return out;
}

/** Median wall time in ms of `run` after warm-up. */
async function medianMs(run: () => Promise<unknown> | unknown, repeats: number): Promise<number> {
  for (let i = 0; i < 3; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

type NetCase = Readonly<{
  name: string;
  size: number;
  inputName: string;
  outputName: string;
  build: (modelDir: string) => Uint8Array;
  pixels: (crop: Crop) => Float32Array;
  /** face-api's own result for each image of a batch. */
  reference: (images: readonly faceapi.tf.Tensor3D[]) => Promise<Float32Array[]>;
}>;

const NETS: readonly NetCase[] = [
  {
    name: 'FaceLandmark68Net',
    size: 112,
    inputName: FACE_LANDMARK68_INPUT,
    outputName: FACE_LANDMARK68_OUTPUT,
    build: buildFaceLandmark68,
    pixels: (crop) => crop.pixels112,
    // forward() on square 112×112 inputs: no resize, no padding, and its post-processing (× 112 ÷ 112) is the identity.
    reference: async (images) => {
      const out = await faceapi.nets.faceLandmark68Net.forward([...images]);
      const rows = faceapi.tf.unstack(out).map((row) => row.dataSync() as Float32Array);
      out.dispose();
      return rows;
    },
  },
  {
    name: 'FaceRecognitionNet',
    size: 150,
    inputName: FACE_RECOGNITION_INPUT,
    outputName: FACE_RECOGNITION_OUTPUT,
    build: buildFaceRecognition,
    pixels: (crop) => crop.pixels150,
    reference: async (images) => {
      const result = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor([...images]);
      return Array.isArray(result) ? result : [result];
    },
  },
];

describe('face-api nets converted to ONNX match face-api on TF.js (wasm)', () => {
  let crops: Crop[] = [];
  const sessions: ort.InferenceSession[] = [];

  beforeAll(async () => {
    const tf = await tfjsWasm();
    // face-api's bundle requires the same @tensorflow/tfjs, so it shares the engine just switched to wasm.
    const before = tf.memory().numTensors;
    const probe = faceapi.tf.tensor1d([1]);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(tf.getBackend()).toBe('wasm');
    probe.dispose();
    await faceapi.nets.faceLandmark68Net.loadFromDisk(MODEL_DIR);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(MODEL_DIR);
    crops = await loadCrops();
  });

  afterAll(async () => {
    await Promise.all(sessions.map((session) => session.release()));
  });

  for (const net of NETS) {
    it(`${net.name}: every output of ${LFW.length + SAMPLE_FACES.length} real face crops within ${TOLERANCE}, batched and single`, async () => {
      const tf = faceapi.tf;
      const model = net.build(MODEL_DIR);
      const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 2, interOpNumThreads: 1 });
      sessions.push(session);
      const shape = (n: number) => [n, net.size, net.size, 3];
      const onnx = async (images: readonly Float32Array[]) => {
        const feeds = { [net.inputName]: new ort.Tensor('float32', batchOf(images), shape(images.length)) };
        const output = (await session.run(feeds))[net.outputName]!;
        return output.data as Float32Array;
      };
      const tensors = crops.map((crop) => tf.tensor3d(net.pixels(crop), [net.size, net.size, 3], 'float32'));
      try {
        let worst = 0;
        for (const [i, crop] of crops.entries()) {
          const [expected] = await net.reference([tensors[i]!]);
          const diff = maxAbsDiff(await onnx([net.pixels(crop)]), expected!);
          worst = Math.max(worst, diff);
          expect(diff, `${net.name} on ${crop.label}`).toBeLessThanOrEqual(TOLERANCE);
        }
        // A batch of 4 through both: face-api stacks them, the ONNX graph takes N = 4.
        const batch = crops.slice(0, 4);
        const expectedBatch = await net.reference(tensors.slice(0, 4));
        const actualBatch = await onnx(batch.map((crop) => net.pixels(crop)));
        const width = actualBatch.length / 4;
        for (const [i, expected] of expectedBatch.entries()) {
          const diff = maxAbsDiff(actualBatch.subarray(i * width, (i + 1) * width), expected);
          worst = Math.max(worst, diff);
          expect(diff, `${net.name} batch item ${i}`).toBeLessThanOrEqual(TOLERANCE);
        }
        console.log(
          `${net.name}: ${crops.length} crops + batch of 4, max |ONNX − face-api| = ${worst.toExponential(2)}`,
        );
      } finally {
        tensors.forEach((t) => t.dispose());
      }
    });
  }

  it('prints latency per face: onnxruntime 1 and 2 threads vs face-api on TF.js wasm', async () => {
    const tf = faceapi.tf;
    const crop = crops[0]!;
    const lines: string[] = [];
    for (const net of NETS) {
      const model = net.build(MODEL_DIR);
      const pixels = net.pixels(crop);
      const ms: string[] = [];
      for (const threads of [1, 2]) {
        const session = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1 });
        const feeds = { [net.inputName]: new ort.Tensor('float32', pixels, [1, net.size, net.size, 3]) };
        ms.push(`ORT ${threads} thread(s) ${(await medianMs(() => session.run(feeds), 30)).toFixed(2)} ms`);
        await session.release();
      }
      const tensor = tf.tensor3d(pixels, [net.size, net.size, 3], 'float32');
      ms.push(`TF.js wasm ${(await medianMs(() => net.reference([tensor]), 10)).toFixed(2)} ms`);
      tensor.dispose();
      lines.push(`${net.name} per face: ${ms.join(', ')}`);
    }
    console.log(lines.join('\n'));
    expect(lines).toHaveLength(NETS.length);
  });
});
