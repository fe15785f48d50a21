/**
 * Inputs of PP-OCRv4's detector and recognizer, as PaddleOCR's inference (tools/infer/predict_det.py,
 * predict_rec.py) prepares them: images in OpenCV's BGR plane order, the detector's canvas a multiple of 32 px, text
 * lines cropped upright at height 48 and batched right-padded.
 */
import type { Affine, Point } from './geometry.js';
import {
  cropResizeToTensor,
  extractChip,
  imageToPlanes,
  RAW_PIXELS,
  type Normalization,
  type RgbImage,
} from './image.js';
import type { Quad } from './textRegions.js';

/** ImageNet's mean and std (×255), which PaddleOCR applies to B, G, R in that order: given here per R, G, B. */
export const OCR_DETECTION_NORMALIZATION: Normalization = {
  mean: [0.406 * 255, 0.456 * 255, 0.485 * 255],
  std: [0.225 * 255, 0.224 * 255, 0.229 * 255],
};

/** The recognizer's range: v / 127.5 − 1 (PaddleOCR's resize_norm_img). */
export const OCR_RECOGNITION_NORMALIZATION: Normalization = {
  mean: [127.5, 127.5, 127.5],
  std: [127.5, 127.5, 127.5],
};

/** The detector's stride: its canvas sides are multiples of this. */
export const DETECTION_STRIDE = 32;
/** Longest detector side: 1280 px keeps ~10 px text readable in a 4000 px photo at ~0.3 s on 2 cores. */
export const DETECTION_MAX_SIDE = 1280;

export type DetectionCanvas = Readonly<{ width: number; height: number; scaleX: number; scaleY: number }>;

/**
 * The detector canvas for an image: shrunk (never enlarged) so its long side is at most `maxSide`, each side then
 * rounded to a multiple of 32 (at least 32), as DetResizeForTest does. `scaleX`, `scaleY` map image to canvas.
 */
export function detectionCanvas(width: number, height: number, maxSide = DETECTION_MAX_SIDE): DetectionCanvas {
  if (!(width > 0 && height > 0)) throw new RangeError(`image size ${width}×${height}`);
  const scale = Math.min(1, maxSide / Math.max(width, height));
  const cap = Math.max(DETECTION_STRIDE, Math.floor(maxSide / DETECTION_STRIDE) * DETECTION_STRIDE);
  const side = (s: number) =>
    Math.min(cap, Math.max(DETECTION_STRIDE, Math.round((s * scale) / DETECTION_STRIDE) * DETECTION_STRIDE));
  const w = side(width);
  const h = side(height);
  return { width: w, height: h, scaleX: w / width, scaleY: h / height };
}

/** The whole image resampled to the canvas, as the detector's 1×3×H×W input. */
export function detectionInput(image: RgbImage, canvas: DetectionCanvas): Float32Array {
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const pixels = cropResizeToTensor(image, whole, canvas.width, canvas.height, RAW_PIXELS);
  return imageToPlanes({ data: pixels, width: canvas.width, height: canvas.height }, OCR_DETECTION_NORMALIZATION, {
    order: 'bgr',
  });
}

/** Maps canvas corners back to the image, clamped inside it (a grown box may pass the border). */
export function quadToImage(quad: Quad, canvas: DetectionCanvas, width: number, height: number): Quad {
  const map = (p: Point): Point => ({
    x: Math.min(width, Math.max(0, p.x / canvas.scaleX)),
    y: Math.min(height, Math.max(0, p.y / canvas.scaleY)),
  });
  return [map(quad[0]), map(quad[1]), map(quad[2]), map(quad[3])];
}

/** Height of a recognizer input line. */
export const LINE_HEIGHT = 48;
/** PaddleOCR pads every batch to at least 320 px (its training width): shorter lines are read worse unpadded. */
export const MIN_BATCH_WIDTH = 320;
/** Longest line crop: about 60 characters at 48 px; a longer detection is squeezed rather than grown without limit. */
export const MAX_LINE_WIDTH = 1600;
/** PaddleOCR turns a crop this much taller than wide by 90° (text set vertically, read top to bottom). */
const VERTICAL_RATIO = 1.5;

const distance = (a: Point, b: Point) => Math.hypot(b.x - a.x, b.y - a.y);

/**
 * A text box cut out upright at LINE_HEIGHT, its width following the box's aspect ratio. A box much taller than wide
 * is turned a quarter counter-clockwise, so top-to-bottom text reads left to right (as np.rot90 does upstream).
 */
export function cropTextLine(image: RgbImage, quad: Quad): RgbImage {
  const [tl, tr, br, bl] = quad;
  const vertical = distance(tl, bl) >= VERTICAL_RATIO * distance(tl, tr);
  // The chip's origin and its x (reading) and y edges, as image vectors.
  const [origin, xEnd, yEnd] = vertical ? [tr, br, tl] : [tl, tr, bl];
  const along = { x: xEnd.x - origin.x, y: xEnd.y - origin.y };
  const across = { x: yEnd.x - origin.x, y: yEnd.y - origin.y };
  const length = Math.hypot(along.x, along.y);
  const thickness = Math.hypot(across.x, across.y);
  if (!(length > 0 && thickness > 0)) throw new RangeError('empty text box');
  const outWidth = Math.max(1, Math.min(MAX_LINE_WIDTH, Math.round((LINE_HEIGHT * length) / thickness)));
  const chipToImage: Affine = [
    along.x / outWidth,
    across.x / LINE_HEIGHT,
    origin.x,
    along.y / outWidth,
    across.y / LINE_HEIGHT,
    origin.y,
  ];
  return extractChip(image, chipToImage, outWidth, LINE_HEIGHT);
}

/**
 * Lines per recognizer run. Measured per 320-px line (onnxruntime-node, 1 and 2 threads): 30 and 25 ms alone, the
 * same in batches of 2 and 4, 53–56 ms in batches of 8 (the batch no longer fits in cache): larger batches only cost.
 */
export const RECOGNITION_BATCH = 4;

export type LineBatch = Readonly<{ indices: readonly number[]; width: number }>;

/**
 * Groups line crops into recognizer batches: by width, at most `maxBatch` lines, and a batch's widest line at most
 * `maxSpread` times its narrowest (beyond MIN_BATCH_WIDTH), so padding costs little. Each batch's width is its widest
 * line, at least MIN_BATCH_WIDTH.
 */
export function lineBatches(widths: readonly number[], maxBatch = RECOGNITION_BATCH, maxSpread = 1.3): LineBatch[] {
  const order = widths.map((_, i) => i).sort((a, b) => widths[a]! - widths[b]!);
  const batches: LineBatch[] = [];
  let current: number[] = [];
  let floor = 0;
  const close = () => {
    if (current.length === 0) return;
    const widest = Math.max(...current.map((i) => widths[i]!));
    batches.push({ indices: current, width: Math.max(MIN_BATCH_WIDTH, widest) });
    current = [];
  };
  for (const i of order) {
    const w = widths[i]!;
    if (current.length >= maxBatch || (current.length > 0 && w > Math.max(MIN_BATCH_WIDTH, floor * maxSpread))) close();
    if (current.length === 0) floor = w;
    current.push(i);
  }
  close();
  return batches;
}

/** A batch's N×3×48×width input: each line's planes at the left, zero (mid-grey after normalisation) to the right. */
export function recognitionInput(lines: readonly RgbImage[], batch: LineBatch): Float32Array {
  const slot = 3 * LINE_HEIGHT * batch.width;
  const out = new Float32Array(batch.indices.length * slot);
  batch.indices.forEach((index, n) => {
    const line = lines[index]!;
    if (line.height !== LINE_HEIGHT || line.width > batch.width) throw new RangeError(`line ${index} does not fit`);
    imageToPlanes(line, OCR_RECOGNITION_NORMALIZATION, {
      into: out,
      offset: n * slot,
      planeWidth: batch.width,
      order: 'bgr',
    });
  });
  return out;
}
