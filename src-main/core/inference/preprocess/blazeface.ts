import type { FaceDetection, Point } from './geometry.js';
import { weightedNonMaxSuppression } from './nms.js';

/**
 * BlazeFace "back" (Human 3.3.6 models/blazeface.json): input 1×256×256×3 NHWC in [−1, 1].
 *
 * Each of the 896 anchors has a score and a row [cx, cy, w, h, kp0x, kp0y, … kp5x, kp5y], decoded against anchor i
 * of Human's generateAnchors (facemeshutil.ts): centre = (cx, cy) + anchor, size = (w, h), keypoint k =
 * (kpkx, kpky) + anchor, in input pixels (the ONNX model gives them as fractions of the input; see the builder).
 */
export const BLAZEFACE_INPUT_SIZE = 256;
export const BLAZEFACE_ANCHOR_COUNT = 896;
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
 * The ONNX model's output in anchor order (stride-16 cells first; the graph joins the heads): 896 scores, already
 * through the sigmoid, and 896×16 box values as fractions of the input size (see models/manifest.json).
 */
export type BlazeFaceOutput = { scores: ArrayLike<number>; boxes: ArrayLike<number> };

/**
 * Anchor centres (x0, y0, x1, y1, …) in input pixels, as Human's generateAnchors: strides size/16 and size/8
 * (16 and 32 at 256) with 2 and 6 anchors per cell, row-major cells, anchors of one cell adjacent.
 */
export function blazeFaceAnchors(inputSize = BLAZEFACE_INPUT_SIZE): Float32Array {
  const specs = [
    { stride: inputSize / 16, perCell: 2 },
    { stride: inputSize / 8, perCell: 6 },
  ];
  const out: number[] = [];
  for (const { stride, perCell } of specs) {
    const cells = Math.floor((inputSize + stride - 1) / stride);
    for (let gy = 0; gy < cells; gy++) {
      for (let gx = 0; gx < cells; gx++) {
        for (let n = 0; n < perCell; n++) out.push(stride * (gx + 0.5), stride * (gy + 0.5));
      }
    }
  }
  return Float32Array.from(out);
}

const anchorCache = new Map<number, Float32Array>();

export type BlazeFaceDecodeOptions = {
  inputSize?: number;
  /** Minimum sigmoid score. Human's default is 0.2 (config.face.detector.minConfidence); MediaPipe's 0.5. */
  scoreThreshold?: number;
  /** IoU above which overlapping detections are blended (MediaPipe: 0.3). Set to 1 to return every candidate. */
  iouThreshold?: number;
};

/**
 * Decodes one image's BlazeFace output into detections in input-pixel coordinates (0..inputSize), blended by
 * weighted NMS, best first.
 */
export function decodeBlazeFace(raw: BlazeFaceOutput, options: BlazeFaceDecodeOptions = {}): FaceDetection[] {
  const inputSize = options.inputSize ?? BLAZEFACE_INPUT_SIZE;
  const scoreThreshold = options.scoreThreshold ?? 0.5;
  const iouThreshold = options.iouThreshold ?? 0.3;
  let anchors = anchorCache.get(inputSize);
  if (!anchors) anchorCache.set(inputSize, (anchors = blazeFaceAnchors(inputSize)));
  const count = anchors.length / 2;
  if (raw.scores.length !== count || raw.boxes.length !== count * BLAZEFACE_REGRESSOR_WIDTH) {
    throw new RangeError(
      `BlazeFace output has ${raw.scores.length} scores and ${raw.boxes.length} box values; ` +
        `expected ${count} and ${count * BLAZEFACE_REGRESSOR_WIDTH}`,
    );
  }
  const at = (i: number) => raw.boxes[i]! * inputSize;
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
