import type { Box } from './geometry.js';
import { boxToImage, letterboxToTensor, type InputTransform, type Normalization, type RgbImage } from './image.js';
import { COCO_LABELS, type CocoLabel } from './cocoLabels.js';
import { nonMaxSuppression } from './nms.js';

/*
 * NanoDet-g-416 (the object-detector model) input and output, as upstream NanoDet (v0.x, GFL head) prepares and
 * decodes them: the photo letterboxed (aspect kept, centred, black border) into 416×416, BGR planes normalised by
 * ImageNet's mean and std on 0..255 values; per cell the 80 class probabilities and, per box edge, a distribution
 * over 0..10 strides whose expected value is the distance from the cell centre. Human feeds the model RGB / 255
 * stretched and reads only the distribution's argmax, which halves its recall (MODEL_NOTES).
 */

export const NANODET_INPUT_SIZE = 416;
export const NANODET_STRIDES = [8, 16, 32] as const;
/** The distance distributions cover 0..REG_MAX strides. */
export const NANODET_REG_MAX = 10;
export const NANODET_CLASSES = COCO_LABELS.length;
const BINS = NANODET_REG_MAX + 1;

/** Upstream's normalisation (BGR mean [103.53, 116.28, 123.675], std [57.375, 57.12, 58.395]) in RGB order. */
export const NANODET_NORMALIZATION: Normalization = { mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] };

/** The backbone's last stage, the model's `features` output: 512 channels on a 13×13 grid (stride 32). */
export const NANODET_FEATURES = { channels: 512, height: 13, width: 13 } as const;

/** Cells per stride at 416×416: 52², 26², 13²; in the model's output order. */
export const NANODET_CELLS = NANODET_STRIDES.map((s) => (NANODET_INPUT_SIZE / s) ** 2);
export const NANODET_CELL_COUNT = NANODET_CELLS.reduce((a, b) => a + b, 0);

/** An RGB NHWC tensor (as image.ts makes them) rewritten as NCHW planes in reverse channel order: B, G, R. */
export function toBgrPlanes(rgb: Float32Array, width: number, height: number): Float32Array {
  const pixels = width * height;
  if (rgb.length !== pixels * 3) throw new RangeError(`${rgb.length} values are not ${width}×${height} RGB`);
  const out = new Float32Array(rgb.length);
  for (let i = 0; i < pixels; i++) {
    out[i] = rgb[i * 3 + 2]!;
    out[pixels + i] = rgb[i * 3 + 1]!;
    out[2 * pixels + i] = rgb[i * 3]!;
  }
  return out;
}

/** The model input for a photo, with the transform that maps image coordinates into it. */
export function nanoDetInput(image: RgbImage): { tensor: Float32Array; dims: number[]; transform: InputTransform } {
  const { tensor, transform } = letterboxToTensor(image, NANODET_INPUT_SIZE, NANODET_NORMALIZATION);
  return {
    tensor: toBgrPlanes(tensor, NANODET_INPUT_SIZE, NANODET_INPUT_SIZE),
    dims: [1, 3, NANODET_INPUT_SIZE, NANODET_INPUT_SIZE],
    transform,
  };
}

export type NanoDetOutput = Readonly<{ scores: ArrayLike<number>; distributions: ArrayLike<number> }>;

export type ObjectDetection = Readonly<{ label: CocoLabel; classIndex: number; score: number; box: Box }>;

export type NanoDetDecodeOptions = Readonly<{
  /** Candidates below this class probability are dropped before NMS (upstream: 0.05). */
  scoreThreshold?: number;
  /** Per-class NMS overlap (upstream: 0.6). */
  iouThreshold?: number;
  /** Detections kept over all classes, best first (upstream: 100). */
  maxDetections?: number;
}>;

/** The expected value of a softmax over `BINS` logits starting at `offset`: a distance in strides. */
function expectedBin(logits: ArrayLike<number>, offset: number): number {
  let max = -Infinity;
  for (let k = 0; k < BINS; k++) max = Math.max(max, logits[offset + k]!);
  let sum = 0;
  let weighted = 0;
  for (let k = 0; k < BINS; k++) {
    const e = Math.exp(logits[offset + k]! - max);
    sum += e;
    weighted += e * k;
  }
  return weighted / sum;
}

/**
 * Detections in model-input pixels (0..416), best first: every (cell, class) above the score threshold becomes a
 * candidate with the cell's box (centre ± expected distances × stride, clipped to the input), then NMS per class.
 */
export function decodeNanoDet(raw: NanoDetOutput, options: NanoDetDecodeOptions = {}): ObjectDetection[] {
  const { scoreThreshold = 0.05, iouThreshold = 0.6, maxDetections = 100 } = options;
  if (raw.scores.length !== NANODET_CELL_COUNT * NANODET_CLASSES)
    throw new RangeError(`expected ${NANODET_CELL_COUNT}×${NANODET_CLASSES} scores, got ${raw.scores.length}`);
  if (raw.distributions.length !== NANODET_CELL_COUNT * 4 * BINS)
    throw new RangeError(
      `expected ${NANODET_CELL_COUNT}×${4 * BINS} distribution logits, got ${raw.distributions.length}`,
    );
  const byClass = new Map<number, ObjectDetection[]>();
  let cell = 0;
  NANODET_STRIDES.forEach((stride) => {
    const side = NANODET_INPUT_SIZE / stride;
    for (let row = 0; row < side; row++)
      for (let column = 0; column < side; column++, cell++) {
        let box: Box | undefined;
        for (let c = 0; c < NANODET_CLASSES; c++) {
          const score = raw.scores[cell * NANODET_CLASSES + c]!;
          if (!(score > scoreThreshold)) continue;
          box ??= cellBox(raw.distributions, cell, stride, column, row);
          const list = byClass.get(c) ?? [];
          list.push({ label: COCO_LABELS[c]!, classIndex: c, score, box });
          byClass.set(c, list);
        }
      }
  });
  const kept = [...byClass.values()].flatMap((candidates) => nonMaxSuppression(candidates, iouThreshold));
  return kept.sort((a, b) => b.score - a.score).slice(0, maxDetections);
}

function cellBox(distributions: ArrayLike<number>, cell: number, stride: number, column: number, row: number): Box {
  const base = cell * 4 * BINS;
  const [left, top, right, bottom] = [0, 1, 2, 3].map(
    (edge) => expectedBin(distributions, base + edge * BINS) * stride,
  );
  const cx = (column + 0.5) * stride;
  const cy = (row + 0.5) * stride;
  const clip = (v: number) => Math.min(NANODET_INPUT_SIZE, Math.max(0, v));
  const x1 = clip(cx - left!);
  const y1 = clip(cy - top!);
  return { x: x1, y: y1, width: clip(cx + right!) - x1, height: clip(cy + bottom!) - y1 };
}

/** Detections mapped from model-input pixels back to the photo's, clipped to the photo. */
export function detectionsToImage(
  detections: readonly ObjectDetection[],
  transform: InputTransform,
  width: number,
  height: number,
): ObjectDetection[] {
  return detections.map((d) => {
    const b = boxToImage(d.box, transform);
    const x = Math.max(0, b.x);
    const y = Math.max(0, b.y);
    return {
      ...d,
      box: {
        x,
        y,
        width: Math.max(0, Math.min(width, b.x + b.width) - x),
        height: Math.max(0, Math.min(height, b.y + b.height) - y),
      },
    };
  });
}

export type ObjectTag = Readonly<{ label: CocoLabel; score: number; count: number }>;

/** Image-level tags: each label once, with its best detection's score and how many detections it has, best first. */
export function tagsOf(detections: readonly ObjectDetection[], minScore = 0): ObjectTag[] {
  const tags = new Map<CocoLabel, { label: CocoLabel; score: number; count: number }>();
  for (const d of detections) {
    if (d.score < minScore) continue;
    const tag = tags.get(d.label);
    if (tag) {
      tag.score = Math.max(tag.score, d.score);
      tag.count++;
    } else tags.set(d.label, { label: d.label, score: d.score, count: 1 });
  }
  return [...tags.values()].sort((a, b) => b.score - a.score);
}
