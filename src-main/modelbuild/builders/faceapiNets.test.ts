import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { packageDir } from '../packageFiles.js';
import { buildFaceLandmark68, FACE_LANDMARK68_INPUT, FACE_LANDMARK68_OUTPUT } from './faceLandmark68.js';
import { buildFaceRecognition, FACE_RECOGNITION_INPUT, FACE_RECOGNITION_OUTPUT } from './faceRecognition.js';

/* The I/O contract of the converted face-api nets, without the TF.js reference (that is faceapiNets.parity.test.ts). */

const MODEL_DIR = join(packageDir('@vladmandic/face-api'), 'model');
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function face(size: number): Promise<Float32Array> {
  const path = resolve('..', 'shared', 'datasets', 'faces', 'images', 'face_00001.jpg');
  return Float32Array.from(await sharp(path).resize(size, size, { fit: 'fill' }).removeAlpha().raw().toBuffer());
}

const NETS = [
  { build: buildFaceLandmark68, input: FACE_LANDMARK68_INPUT, output: FACE_LANDMARK68_OUTPUT, size: 112, width: 136 },
  {
    build: buildFaceRecognition,
    input: FACE_RECOGNITION_INPUT,
    output: FACE_RECOGNITION_OUTPUT,
    size: 150,
    width: 128,
  },
] as const;

describe('face-api nets as ONNX: I/O contract', () => {
  for (const net of NETS) {
    it(`${net.output}: byte-identical builds; "${net.input}" [N, ${net.size}, ${net.size}, 3] → "${net.output}" [N, ${net.width}] for any N`, async () => {
      const model = net.build(MODEL_DIR);
      expect(sha256(net.build(MODEL_DIR))).toBe(sha256(model));
      const session = await ort.InferenceSession.create(model);
      try {
        expect(session.inputNames).toEqual([net.input]);
        expect(session.outputNames).toEqual([net.output]);
        const pixels = await face(net.size);
        const run = async (images: Float32Array, n: number) => {
          const feeds = { [net.input]: new ort.Tensor('float32', images, [n, net.size, net.size, 3]) };
          return (await session.run(feeds))[net.output]!;
        };
        const single = await run(pixels, 1);
        expect(single.dims).toEqual([1, net.width]);
        // Three images in one batch: the face, a black image, the face again; each row is what it gives alone.
        const batch = new Float32Array(pixels.length * 3);
        batch.set(pixels, 0);
        batch.set(pixels, pixels.length * 2);
        const tripled = await run(batch, 3);
        expect(tripled.dims).toEqual([3, net.width]);
        const rows = tripled.data as Float32Array;
        const black = (await run(new Float32Array(pixels.length), 1)).data as Float32Array;
        for (const [row, expected] of [single.data as Float32Array, black, single.data as Float32Array].entries()) {
          const actual = rows.subarray(row * net.width, (row + 1) * net.width);
          actual.forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 5));
        }
        const faceRow = single.data as Float32Array;
        expect(Math.max(...black.map((v, i) => Math.abs(v - faceRow[i]!)))).toBeGreaterThan(0.01);
      } finally {
        await session.release();
      }
    });
  }

  it('landmarks are (x, y) pairs of the 68 iBUG points as fractions of the 112×112 crop', async () => {
    const session = await ort.InferenceSession.create(buildFaceLandmark68(MODEL_DIR));
    const image = new ort.Tensor('float32', await face(112), [1, 112, 112, 3]);
    const landmarks = (await session.run({ [FACE_LANDMARK68_INPUT]: image }))[FACE_LANDMARK68_OUTPUT]!
      .data as Float32Array;
    await session.release();
    const point = (i: number) => ({ x: landmarks[2 * i]!, y: landmarks[2 * i + 1]! });
    for (const value of landmarks) expect(value).toSatisfy((v: number) => v > 0 && v < 1);
    // Jaw from point 0 (image left) to 16; the nose tip (30) between them and below the eye corner (36); chin (8) lowest.
    expect(point(0).x).toBeLessThan(point(30).x);
    expect(point(30).x).toBeLessThan(point(16).x);
    expect(point(8).y).toBeGreaterThan(point(30).y);
    expect(point(30).y).toBeGreaterThan(point(36).y);
  });

  it('names the missing manifest when face-api weights are not where it looks', () => {
    const empty = mkdtempSync(join(tmpdir(), 'facets-faceapi-'));
    expect(() => buildFaceLandmark68(empty)).toThrow(/face_landmark_68_model-weights_manifest\.json/);
    expect(() => buildFaceRecognition(empty)).toThrow(/face_recognition_model-weights_manifest\.json/);
  });
});
