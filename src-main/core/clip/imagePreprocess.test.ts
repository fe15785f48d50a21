import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../cluster/random.js';
import { datasetsDir } from '../../evals/datasets.js';
import type { RgbImage } from '../inference/preprocess/image.js';
import {
  clipPixelValues,
  inputSize,
  parsePreprocessorConfig,
  resizedSize,
  type ClipImageConfig,
} from './imagePreprocess.js';

const REFERENCE_CONFIG = join(
  datasetsDir(),
  '..',
  'models',
  'clip-vit-base-patch32-tokenizer',
  'preprocessor_config.json',
);
const config = parsePreprocessorConfig(JSON.parse(readFileSync(REFERENCE_CONFIG, 'utf8')));
const MEAN = [0.48145466, 0.4578275, 0.40821073];
const STD = [0.26862954, 0.26130258, 0.27577711];

function image(width: number, height: number, pixel: (x: number, y: number, c: number) => number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) for (let c = 0; c < 3; c++) data[(y * width + x) * 3 + c] = pixel(x, y, c);
  return { data, width, height };
}

/** A photo-like test card: smooth gradients, hard edges and noise, so resampling differences show. */
function testCard(width: number, height: number, seed: number): RgbImage {
  const random = seededRandom(seed);
  return image(width, height, (x, y, c) => {
    const gradient = c === 0 ? (x / width) * 255 : c === 1 ? (y / height) * 255 : ((x + y) / (width + height)) * 255;
    const edge = Math.floor(x / 37) % 2 === Math.floor(y / 29) % 2 ? 60 : -60;
    return Math.max(0, Math.min(255, Math.round(gradient * 0.6 + edge + (random() - 0.5) * 40 + 40)));
  });
}

/** Back to 0..255 pixel values from the normalised planar tensor. */
function denormalise(tensor: Float32Array, size: number): Float64Array {
  const out = new Float64Array(tensor.length);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < size * size; i++)
      out[c * size * size + i] = (tensor[c * size * size + i]! * STD[c]! + MEAN[c]!) * 255;
  return out;
}

/**
 * Independent computation, written from the definition rather than from the module: the whole image resized with a
 * Keys cubic (a = −0.5) whose window is stretched by the downscale factor and renormalised at the borders, in
 * floating point, rounded to bytes after each axis (Pillow's order: width first), then the centre crop taken out.
 */
function referenceResizeCrop(src: RgbImage, outW: number, outH: number, crop: number): Float64Array {
  const cubic = (t: number) => {
    const x = Math.abs(t);
    return x < 1 ? 1.5 * x ** 3 - 2.5 * x ** 2 + 1 : x < 2 ? -0.5 * x ** 3 + 2.5 * x ** 2 - 4 * x + 2 : 0;
  };
  const resample1d = (line: (i: number) => number, inSize: number, outSize: number, o: number) => {
    const scale = inSize / outSize;
    const stretch = Math.max(1, scale);
    const centre = (o + 0.5) * scale;
    let sum = 0;
    let norm = 0;
    // Outside ±2 stretched pixels the cubic is zero: skip them rather than sum zeros.
    const from = Math.max(0, Math.floor(centre - 2 * stretch - 1));
    const to = Math.min(inSize, Math.ceil(centre + 2 * stretch + 1));
    for (let i = from; i < to; i++) {
      const w = cubic((i + 0.5 - centre) / stretch);
      sum += w * line(i);
      norm += w;
    }
    return Math.min(255, Math.max(0, Math.round(sum / norm)));
  };
  const wide = new Float64Array(src.height * outW * 3);
  for (let y = 0; y < src.height; y++)
    for (let x = 0; x < outW; x++)
      for (let c = 0; c < 3; c++)
        wide[(y * outW + x) * 3 + c] = resample1d((i) => src.data[(y * src.width + i) * 3 + c]!, src.width, outW, x);
  const top = Math.floor((outH - crop) / 2);
  const left = Math.floor((outW - crop) / 2);
  const out = new Float64Array(3 * crop * crop);
  for (let y = 0; y < crop; y++)
    for (let x = 0; x < crop; x++)
      for (let c = 0; c < 3; c++)
        out[c * crop * crop + y * crop + x] = resample1d(
          (i) => wide[(i * outW + left + x) * 3 + c]!,
          src.height,
          outH,
          top + y,
        );
  return out;
}

function diffStats(a: ArrayLike<number>, b: ArrayLike<number>) {
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / a.length };
}

describe('parsePreprocessorConfig', () => {
  it("reads CLIP ViT-B/32's preprocessor_config.json", () => {
    expect(config).toEqual({
      resize: { shortestEdge: 224 },
      resample: 'bicubic',
      crop: { width: 224, height: 224 },
      rescale: 1 / 255,
      mean: MEAN,
      std: STD,
    });
    expect(inputSize(config)).toEqual({ width: 224, height: 224 });
  });

  it('refuses configurations that would give tensors of varying size or an unknown resampler', () => {
    expect(() => parsePreprocessorConfig({ size: { shortest_edge: 224 }, do_center_crop: false })).toThrow(/vary/);
    expect(() => parsePreprocessorConfig({ size: { shortest_edge: 224 }, crop_size: 224, resample: 0 })).toThrow();
    expect(() => parsePreprocessorConfig({ crop_size: 224 })).toThrow(/size/);
  });

  it('sizes the resize as Hugging Face does (short edge exact, long edge floored)', () => {
    expect(resizedSize(config, 640, 480)).toEqual({ width: 298, height: 224 });
    expect(resizedSize(config, 480, 640)).toEqual({ width: 224, height: 298 });
    expect(resizedSize(config, 100, 100)).toEqual({ width: 224, height: 224 });
  });
});

describe('clipPixelValues', () => {
  it('normalises a flat colour exactly, planar R, G, B', () => {
    const rgb = [200, 100, 30];
    const tensor = clipPixelValues(
      image(500, 375, (_x, _y, c) => rgb[c]!),
      config,
    );
    expect(tensor).toHaveLength(3 * 224 * 224);
    for (let c = 0; c < 3; c++) {
      const expected = (rgb[c]! / 255 - MEAN[c]!) / STD[c]!;
      const plane = tensor.subarray(c * 224 * 224, (c + 1) * 224 * 224);
      expect(Math.max(...plane.map((v) => Math.abs(v - expected)))).toBeLessThan(1e-5);
    }
  });

  it('keeps orientation: width along the last axis, height along the one before', () => {
    const left = image(300, 224, (x) => (x < 150 ? 255 : 0));
    const t = clipPixelValues(left, config);
    expect(t[100 * 224 + 5]!).toBeGreaterThan(1.5); // red plane, left side bright
    expect(t[100 * 224 + 218]!).toBeLessThan(-1.5);
    const top = image(224, 300, (_x, y) => (y < 150 ? 255 : 0));
    const u = clipPixelValues(top, config);
    expect(u[5 * 224 + 100]!).toBeGreaterThan(1.5);
    expect(u[218 * 224 + 100]!).toBeLessThan(-1.5);
  });

  it.each([
    [640, 480],
    [333, 500],
    [1024, 768],
    [224, 224],
    [180, 120],
  ])('matches an independent computation of resize + centre crop (%i×%i) within one level', (w, h) => {
    const src = testCard(w, h, w * h);
    const size = resizedSize(config, w, h);
    const ours = denormalise(clipPixelValues(src, config), 224);
    const stats = diffStats(ours, referenceResizeCrop(src, size.width, size.height, 224));
    console.log(JSON.stringify({ independent: `${w}x${h}`, ...stats }));
    // Pillow's fixed-point weights round differently from floats on a few pixels, by at most one level.
    expect(stats.max).toBeLessThan(1.0001);
    expect(stats.mean).toBeLessThan(0.05);
  });

  it('agrees with libvips (sharp) cubic resize and extract on a photo-like image', async () => {
    const src = testCard(320, 400, 7);
    const size = resizedSize(config, 320, 400);
    const { data } = await sharp(src.data, { raw: { width: 320, height: 400, channels: 3 } })
      .resize(size.width, size.height, { kernel: 'cubic', fit: 'fill' })
      .extract({ left: 0, top: Math.floor((size.height - 224) / 2), width: 224, height: 224 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const planar = new Float64Array(3 * 224 * 224);
    for (let i = 0; i < 224 * 224; i++) for (let c = 0; c < 3; c++) planar[c * 224 * 224 + i] = data[i * 3 + c]!;
    const stats = diffStats(denormalise(clipPixelValues(src, config), 224), planar);
    console.log(JSON.stringify({ sharp: '320x400', ...stats }));
    // Different engines and sampling grids: close on average, not byte-equal.
    expect(stats.mean).toBeLessThan(1);
    expect(stats.max).toBeLessThanOrEqual(8);
  });

  it('writes one slot of a batch without touching the others', () => {
    const plane = 3 * 224 * 224;
    const batch = new Float32Array(plane * 2).fill(42);
    const single = clipPixelValues(testCard(300, 260, 3), config);
    clipPixelValues(testCard(300, 260, 3), config, { into: batch, offset: plane });
    expect(batch.subarray(0, plane).every((v) => v === 42)).toBe(true);
    expect(batch.subarray(plane)).toEqual(single);
    expect(() => clipPixelValues(testCard(300, 260, 3), config, { into: batch, offset: plane + 1 })).toThrow(
      /too small/,
    );
  });

  it('pads a crop larger than the resized image with black, as the reference centre crop does', () => {
    const fixed: ClipImageConfig = { ...config, resize: { width: 100, height: 80 }, crop: { width: 120, height: 80 } };
    const t = clipPixelValues(
      image(100, 80, () => 255),
      fixed,
    );
    expect(t[0]!).toBeCloseTo((0 - MEAN[0]!) / STD[0]!, 5);
    expect(t[60]!).toBeCloseTo((1 - MEAN[0]!) / STD[0]!, 5);
  });

  it('refuses an empty or short image', () => {
    expect(() => clipPixelValues({ data: new Uint8Array(0), width: 0, height: 10 }, config)).toThrow(/empty/);
    expect(() => clipPixelValues({ data: new Uint8Array(5), width: 2, height: 2 }, config)).toThrow(/bytes/);
  });
});
