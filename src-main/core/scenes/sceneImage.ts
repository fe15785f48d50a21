/*
 * A photo prepared for scene descriptors: resampled to a fixed working square (so every descriptor sees the same
 * geometry whatever the photo's size), with a per-pixel background weight. People are masked out: their pixels weigh
 * 0 and must not move the descriptor; 1 = plain background; values between are the soft edge of a segmentation mask.
 */
import { readFile } from 'node:fs/promises';
import { decodeForAnalysis } from '../inference/photo/decodePhoto.js';
import { cropResizeToTensor, RAW_PIXELS, type RgbImage } from '../inference/preprocess/image.js';

/** Side of the working square. Scene layout needs no more (GIST works at 128–256); Intel's photos are 100 px. */
export const SCENE_WORKING_SIDE = 128;

/** Background weights 0..1 over some image grid (any size: a segmenter's 256² output, or the photo's own size). */
export type BackgroundMask = Readonly<{ width: number; height: number; weights: Float32Array }>;

export type SceneImage = Readonly<{
  side: number;
  /** side² × 3 RGB values, 0..255, row-major. */
  rgb: Float32Array;
  /** side² background weights 0..1. */
  weight: Float32Array;
}>;

/** The whole photo stretched to the working square: scene layout is about where things are, in relative terms. */
export function prepareSceneImage(image: RgbImage, mask?: BackgroundMask, side = SCENE_WORKING_SIDE): SceneImage {
  if (image.width < 1 || image.height < 1 || image.data.length !== image.width * image.height * 3) {
    throw new RangeError(`scene image: ${image.data.length} bytes for ${image.width}×${image.height} RGB`);
  }
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const rgb = cropResizeToTensor(image, whole, side, side, RAW_PIXELS);
  const weight = new Float32Array(side * side).fill(1);
  if (mask) {
    const { width, height, weights } = mask;
    if (width < 1 || height < 1 || weights.length !== width * height) {
      throw new RangeError(`background mask: ${weights.length} weights for ${width}×${height}`);
    }
    // The mask rides in the red channel of an RGB image so the photo's own resampler (antialiased) shrinks it too.
    const packed = new Uint8Array(width * height * 3);
    for (let i = 0; i < weights.length; i++) packed[i * 3] = Math.round(255 * Math.min(1, Math.max(0, weights[i]!)));
    const resampled = cropResizeToTensor(
      { data: packed, width, height },
      { x: 0, y: 0, width, height },
      side,
      side,
      RAW_PIXELS,
    );
    for (let i = 0; i < weight.length; i++) weight[i] = Math.min(1, Math.max(0, resampled[i * 3]! / 255));
  }
  return { side, rgb, weight };
}

/** Decodes a photo file (any format sharp reads, EXIF rotation applied, grayscale made RGB) for prepareSceneImage. */
export async function decodeSceneFile(path: string, maxPixels: number): Promise<RgbImage> {
  return decodeForAnalysis(await readFile(path), maxPixels);
}

/** Share of the working square that is background. */
export function backgroundShare(image: SceneImage): number {
  let sum = 0;
  for (const w of image.weight) sum += w;
  return sum / image.weight.length;
}

/**
 * Index of the cell (of a cols×rows grid over the square) each working pixel falls in: the pooling map every
 * gridded descriptor shares.
 */
export function gridCells(side: number, cols: number, rows: number): Int32Array {
  const cells = new Int32Array(side * side);
  for (let y = 0; y < side; y++) {
    const row = Math.min(rows - 1, Math.floor((y * rows) / side));
    for (let x = 0; x < side; x++) cells[y * side + x] = row * cols + Math.min(cols - 1, Math.floor((x * cols) / side));
  }
  return cells;
}
