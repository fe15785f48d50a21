import type { FaceQuality } from '../../../../src-shared/types/face.js';
import { meanPoint, type Box, type Point } from './geometry.js';
import { toGray, type RgbImage } from './image.js';

/**
 * Face quality in [0, 1] for choosing cover faces and down-weighting poor faces in clustering:
 *
 *   score = sizePart^0.4 · sharpnessPart^0.3 · posePart^0.3        (weighted geometric mean: any part at 0 → 0)
 *
 *   sizePart      = clamp(ln(side/16) / ln(112/16), 0, 1)   side = short side of the face box in image px. 16 px and
 *                   below carry no identity; 112 px is the landmark net's input, and the 150-px dlib chip holds the
 *                   face in ~100 px, so beyond that the descriptor sees no more detail.
 *   sharpnessPart = v / (v + SHARPNESS_HALF)                  v = variance of the 4-neighbour Laplacian of the grey
 *                   dlib chip over the central face (chip px 35..115: eyes, nose, mouth; no background, no black
 *                   fill). Upsampled small faces and motion/defocus blur both lower it.
 *   posePart      = yawPart · rollPart, yawPart = clamp(1 − (|yaw|/60°)², 0, 1),
 *                   rollPart = clamp(1 − max(0, |roll| − 20°)/40°, 0, 1): the chip undoes roll, so roll only hurts
 *                   once the landmark net itself struggles; profile faces (|yaw| → 60°+) make poor descriptors.
 *
 * yaw and roll are estimates from the 68 landmarks (iBUG order): roll is the angle of the line from the centre of
 * landmarks 36–41 to that of 42–47 (degrees, positive = clockwise on screen); yaw is asin((L − R)/(L + R)), L and R
 * the distances along the eye line from the nose tip (30) to the jaw outline at the cheekbones (2 and 14). It is 0
 * for a frontal face and ±90° when the nose reaches the jaw line; positive when the nose points to the image's right.
 *
 * Measured on 365 faces of datasets/faces (face-api's SSD boxes and landmarks, chips from faceChip.ts, face-api's
 * descriptor): all pairs AUC 0.9955, false rejects at dlib's 0.6 5.4%; the 327 faces scoring ≥ 0.6: AUC 0.9992,
 * false rejects 2.2% (false accepts unchanged at 0.55%).
 */

/**
 * Structurally the contract's FaceQuality (src-shared/types/face.ts: score, size in px, sharpness in [0, 1], yaw,
 * roll in degrees) plus what it was made of.
 */
export type FaceQualityMeasure = FaceQuality & {
  /** Raw Laplacian variance of the grey chip's central face region (grey levels²); `sharpness` is its 0..1 part. */
  laplacianVariance: number;
  /** The three parts of the score, each in [0, 1]. */
  parts: { size: number; sharpness: number; pose: number };
};

/**
 * Laplacian variance at which sharpnessPart = 0.5. Measured on chips from face-api's landmarks (median, p10–p90):
 * the 22 faces of face-api's demo photos (~200 px) 138 (47–396), after a σ=1 px blur 66, σ=2 21, σ=3 9;
 * 145 faces of datasets/faces (150-px LFW photos, ~60-px faces, so the chip is upsampled) 56 (25–117), σ=1 12,
 * σ=2 2. With 50 those map to 0.73 (sharp, large), 0.53 (sharp, small), 0.29 and 0.19 (blurred).
 */
export const SHARPNESS_HALF = 50;

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));

/** Variance of the 4-neighbour Laplacian over the rectangle [x0, x1) × [y0, y1) of a grey image (borders skipped). */
export function laplacianVariance(
  gray: Float32Array,
  width: number,
  height: number,
  region: { x0: number; y0: number; x1: number; y1: number } = { x0: 0, y0: 0, x1: width, y1: height },
): number {
  const x0 = Math.max(1, region.x0);
  const y0 = Math.max(1, region.y0);
  const x1 = Math.min(width - 1, region.x1);
  const y1 = Math.min(height - 1, region.y1);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = y * width + x;
      const l = 4 * gray[i]! - gray[i - 1]! - gray[i + 1]! - gray[i - width]! - gray[i + width]!;
      sum += l;
      sumSq += l * l;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** Roll and yaw estimates (degrees) from 68 landmarks; see the formula above. */
export function headPose(landmarks68: readonly Point[]): { yaw: number; roll: number } {
  if (landmarks68.length !== 68) throw new RangeError(`expected 68 landmarks, got ${landmarks68.length}`);
  const eyeA = meanPoint(landmarks68.slice(36, 42));
  const eyeB = meanPoint(landmarks68.slice(42, 48));
  const dx = eyeB.x - eyeA.x;
  const dy = eyeB.y - eyeA.y;
  const roll = (Math.atan2(dy, dx) * 180) / Math.PI;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len;
  const uy = dy / len;
  const along = (p: Point) => p.x * ux + p.y * uy;
  const nose = along(landmarks68[30]!);
  const left = Math.abs(nose - along(landmarks68[2]!));
  const right = Math.abs(along(landmarks68[14]!) - nose);
  const ratio = left + right > 0 ? (left - right) / (left + right) : 0;
  return { yaw: (Math.asin(Math.min(1, Math.max(-1, ratio))) * 180) / Math.PI, roll };
}

/** The central face region of a dlib chip (template spans chip px 25..125 at 150/0.25), shrunk by 10 px a side. */
function chipFaceRegion(chip: RgbImage) {
  const k = chip.width / 150;
  return { x0: Math.round(35 * k), y0: Math.round(35 * k), x1: Math.round(115 * k), y1: Math.round(115 * k) };
}

/**
 * Scores one face from its box (image px), its 68 landmarks (image coordinates) and its dlib chip
 * (faceChip.extractFaceChip, 150 px, padding 0.25).
 */
export function faceQuality(face: { box: Box; landmarks68: readonly Point[]; chip: RgbImage }): FaceQualityMeasure {
  const size = Math.min(face.box.width, face.box.height);
  const variance = laplacianVariance(toGray(face.chip), face.chip.width, face.chip.height, chipFaceRegion(face.chip));
  const { yaw, roll } = headPose(face.landmarks68);
  const sizePart = clamp01(Math.log(size / 16) / Math.log(112 / 16));
  const sharpnessPart = variance / (variance + SHARPNESS_HALF);
  const yawPart = clamp01(1 - (Math.abs(yaw) / 60) ** 2);
  const rollPart = clamp01(1 - Math.max(0, Math.abs(roll) - 20) / 40);
  const pose = yawPart * rollPart;
  const score = sizePart ** 0.4 * sharpnessPart ** 0.3 * pose ** 0.3;
  return {
    score,
    size,
    sharpness: sharpnessPart,
    yaw,
    roll,
    laplacianVariance: variance,
    parts: { size: sizePart, sharpness: sharpnessPart, pose },
  };
}
