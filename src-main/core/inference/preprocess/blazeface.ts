import type { FaceDetection, Point } from './geometry.js';
import { weightedNonMaxSuppression } from './nms.js';

/**
 * BlazeFace "back" (Human 3.3.6 models/blazeface.json), converted fully convolutional: input 1×3×H×W (RGB planes) in
 * [−1, 1], H and W multiples of 32 (256×256 is the size it was trained at).
 *
 * Each anchor has a score and a row [cx, cy, w, h, kp0x, kp0y, … kp5x, kp5y], decoded against its anchor centre
 * (blazeFaceAnchors, Human's generateAnchors at 256×256): centre = (cx, cy) + anchor, size = (w, h), keypoint k =
 * (kpkx, kpky) + anchor, in input pixels (the ONNX model gives them in units of 256 input px; see the builder).
 */
export const BLAZEFACE_INPUT_SIZE = 256;
/** Anchors at 256×256. */
export const BLAZEFACE_ANCHOR_COUNT = 896;
/** The network's stride: canvas sides must be multiples of it. */
export const BLAZEFACE_STRIDE = 32;
/** Values per regressor row: box (4) + 6 keypoints × 2. */
export const BLAZEFACE_REGRESSOR_WIDTH = 16;

/** MediaPipe's keypoint order (the subject's right eye is usually on the image's left). */
export const BLAZEFACE_KEYPOINTS = [
  'rightEye',
  'leftEye',
  'noseTip',
  'mouthCenter',
  'rightEarTragion',
  'leftEarTragion',
] as const;

/**
 * The ONNX model's output in anchor order (stride-16 cells first; the graph joins the heads): a score per anchor,
 * already through the sigmoid, and 16 box values per anchor in units of 256 input px (see models/manifest.json).
 */
export type BlazeFaceOutput = { scores: ArrayLike<number>; boxes: ArrayLike<number> };

/** A canvas the model runs on, in input pixels (multiples of BLAZEFACE_STRIDE). */
export type Canvas = Readonly<{ width: number; height: number }>;

const SQUARE: Canvas = { width: BLAZEFACE_INPUT_SIZE, height: BLAZEFACE_INPUT_SIZE };

/**
 * Anchor centres (x0, y0, x1, y1, …) in input pixels for a canvas, in the model's output order: strides 16 and 32
 * with 2 and 6 anchors per cell, row-major cells, anchors of one cell adjacent (Human's generateAnchors at 256×256).
 */
export function blazeFaceAnchors(canvas: Canvas = SQUARE): Float32Array {
  const { width, height } = canvas;
  if (!(width > 0 && height > 0 && width % BLAZEFACE_STRIDE === 0 && height % BLAZEFACE_STRIDE === 0)) {
    throw new RangeError(`canvas ${width}×${height} is not a multiple of ${BLAZEFACE_STRIDE}`);
  }
  const specs = [
    { stride: 16, perCell: 2 },
    { stride: 32, perCell: 6 },
  ];
  const out: number[] = [];
  for (const { stride, perCell } of specs) {
    for (let gy = 0; gy < height / stride; gy++) {
      for (let gx = 0; gx < width / stride; gx++) {
        for (let n = 0; n < perCell; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

/** Canvases repeat (one per pyramid level and photo shape): a few shapes cover most of a library. */
const anchorCache = new Map<string, Float32Array>();
const ANCHOR_CACHE_SIZE = 32;

function anchorsFor(canvas: Canvas): Float32Array {
  const key = `${canvas.width}×${canvas.height}`;
  let anchors = anchorCache.get(key);
  if (!anchors) {
    if (anchorCache.size >= ANCHOR_CACHE_SIZE) anchorCache.delete(anchorCache.keys().next().value!);
    anchorCache.set(key, (anchors = blazeFaceAnchors(canvas)));
  }
  return anchors;
}

export type BlazeFaceDecodeOptions = {
  /** The canvas the output is for. Default 256×256. */
  canvas?: Canvas;
  /** Minimum sigmoid score. Human's default is 0.2 (config.face.detector.minConfidence); MediaPipe's 0.5. */
  scoreThreshold?: number;
  /** IoU above which overlapping detections are blended (MediaPipe: 0.3). Set to 1 to return every candidate. */
  iouThreshold?: number;
};

/**
 * Decodes one canvas's BlazeFace output into detections in input-pixel coordinates of the canvas, blended by weighted
 * NMS, best first.
 */
export function decodeBlazeFace(raw: BlazeFaceOutput, options: BlazeFaceDecodeOptions = {}): FaceDetection[] {
  const scoreThreshold = options.scoreThreshold ?? 0.5;
  const iouThreshold = options.iouThreshold ?? 0.3;
  const anchors = anchorsFor(options.canvas ?? SQUARE);
  const count = anchors.length / 2;
  if (raw.scores.length !== count || raw.boxes.length !== count * BLAZEFACE_REGRESSOR_WIDTH) {
    throw new RangeError(
      `BlazeFace output has ${raw.scores.length} scores and ${raw.boxes.length} box values; ` +
        `expected ${count} and ${count * BLAZEFACE_REGRESSOR_WIDTH}`,
    );
  }
  const at = (i: number) => raw.boxes[i]! * BLAZEFACE_INPUT_SIZE;
  const candidates: FaceDetection[] = [];
  for (let i = 0; i < count; i++) {
    const score = raw.scores[i]!;
    if (!(score >= scoreThreshold)) continue;
    const ax = anchors[2 * i]!;
    const ay = anchors[2 * i + 1]!;
    const r = i * BLAZEFACE_REGRESSOR_WIDTH;
    const cx = at(r) + ax;
    const cy = at(r + 1) + ay;
    const w = at(r + 2);
    const h = at(r + 3);
    if (!(w > 0 && h > 0)) continue;
    const keypoints: Point[] = [];
    for (let k = 0; k < BLAZEFACE_KEYPOINTS.length; k++) {
      keypoints.push({ x: at(r + 4 + 2 * k) + ax, y: at(r + 5 + 2 * k) + ay });
    }
    candidates.push({
      box: { x: cx - w / 2, y: cy - h / 2, width: w, height: h },
      score,
      keypoints,
    });
  }
  return iouThreshold >= 1
    ? candidates.sort((a, b) => b.score - a.score)
    : weightedNonMaxSuppression(candidates, iouThreshold);
}
