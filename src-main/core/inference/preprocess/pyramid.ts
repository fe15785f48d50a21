import { BLAZEFACE_INPUT_SIZE, BLAZEFACE_STRIDE, type Canvas } from './blazeface.js';
import type { FaceDetection } from './geometry.js';
import { nonMaxSuppression } from './nms.js';
import { planTiles, TILE_PLAN_DEFAULTS, type TilePlanOptions } from './tiles.js';

/**
 * The image pyramid BlazeFace runs on, fully convolutionally: each level is the whole image resampled once, padded
 * right and bottom with black to multiples of the network's stride (32), and run in one model call, so no pixel is
 * computed twice (the overlapping 256×256 tiles it replaces computed each pixel ~1.9 times).
 *
 * The levels are the tile plan's (planTiles): a level whose tiles were T image px is resampled by 256/T, so each
 * level is responsible for the same face sizes as before (from 28 input px up to where the next level takes over).
 * The network's receptive field (~450 input px) is larger than 256, so inside a tile every output saw the tile's
 * zero padding; on a whole level only the outputs near the image border do, as at a tile on the image border before.
 */
export type PyramidLevel = Readonly<{
  /** 0 = finest. */
  level: number;
  /** The image resampled to this level: width × height model-input px. */
  width: number;
  height: number;
  /** What the model runs on: the level padded right and bottom to multiples of 32. */
  canvas: Canvas;
  /** Image px per level px along x and y (the tile size / 256, up to the rounding of the level's size). */
  scaleX: number;
  scaleY: number;
  /**
   * Face size (input px of this level) from which the next level is reliable (28 px there) and takes over; null at
   * the top level, which takes every size.
   */
  handOver: number | null;
}>;

const padded = (side: number) => Math.ceil(side / BLAZEFACE_STRIDE) * BLAZEFACE_STRIDE;

/** Plans the pyramid for a width×height image, finest level first; options as planTiles (the face-size coverage). */
export function planPyramid(width: number, height: number, options: TilePlanOptions = {}): PyramidLevel[] {
  const inputSize = options.inputSize ?? BLAZEFACE_INPUT_SIZE;
  const comfortableFace = options.comfortableFace ?? TILE_PLAN_DEFAULTS.comfortableFace;
  const { levels } = planTiles(width, height, options);
  return levels.map(({ level, size }, k) => {
    const w = Math.max(1, Math.round((width * inputSize) / size));
    const h = Math.max(1, Math.round((height * inputSize) / size));
    const next = levels[k + 1];
    return {
      level,
      width: w,
      height: h,
      canvas: { width: padded(w), height: padded(h) },
      scaleX: width / w,
      scaleY: height / h,
      handOver: next ? (comfortableFace * next.size) / size : null,
    };
  });
}

/** Maps detections from a level's canvas (input px) to image coordinates. */
export function levelDetectionsToImage(level: PyramidLevel, detections: readonly FaceDetection[]): FaceDetection[] {
  const { scaleX: sx, scaleY: sy } = level;
  return detections.map((d) => ({
    box: { x: d.box.x * sx, y: d.box.y * sy, width: d.box.width * sx, height: d.box.height * sy },
    score: d.score,
    keypoints: d.keypoints.map((p) => ({ x: p.x * sx, y: p.y * sy })),
  }));
}

export type LevelDetection = FaceDetection & { level: number };

export type MergeOptions = {
  /**
   * A level below the top drops boxes larger than this × its hand-over size (input px): such faces are the next
   * level's, which sees them in its comfortable range, while a zoomed-in level fires on hair, fabric, lettering and
   * parts of large faces with big boxes at up to 0.88. Default 2: on the 973 photos of the faces set and face-api's
   * 6 group photos it removed 124 boxes from the merged result; the 24 that no other detection overlapped were all
   * false positives.
   */
  maxHandOverRatio?: number;
  /**
   * Detections below this score are dropped before merging. Default 0.65: the faces eval's composites found 1124 of
   * 1135 faces of 40 px and more at 0.65 (1113 at 0.7) with 9.9 unexplained detections per image (9.7 at 0.7; the
   * tiles this replaced, at 0.7: 1117 and 11.8). False positives never passed 0.53 on boxes under 28 input px, where
   * real faces score lower (median 0.53 under 16 px).
   */
  minScore?: number;
  /** Threshold for boxes smaller than `smallBox` input px. Default 0.55. */
  minScoreSmall?: number;
  /** Input px (box side at its level) under which `minScoreSmall` applies. Default 28. */
  smallBox?: number;
  /** Duplicates across levels: IoU above this. Default 0.3. */
  iouThreshold?: number;
};

/**
 * Merges per-level detections (already in image coordinates, e.g. via levelDetectionsToImage) into one list, best
 * first: each level keeps the face sizes it is responsible for (up to `maxHandOverRatio` × its hand-over size) and
 * the scores over the size-dependent floor; then a detection is dropped when it overlaps a better one with IoU above
 * `iouThreshold` (the same face seen by two levels).
 */
export function mergeLevelDetections(
  perLevel: readonly { level: PyramidLevel; detections: readonly FaceDetection[] }[],
  options: MergeOptions = {},
): LevelDetection[] {
  const iouThreshold = options.iouThreshold ?? 0.3;
  const maxHandOverRatio = options.maxHandOverRatio ?? 2;
  const minScore = options.minScore ?? 0.65;
  const minScoreSmall = options.minScoreSmall ?? 0.55;
  const smallBox = options.smallBox ?? 28;

  const all: LevelDetection[] = [];
  for (const { level, detections } of perLevel) {
    const largest = level.handOver === null ? Infinity : level.handOver * maxHandOverRatio;
    for (const d of detections) {
      const inputSide = Math.max(d.box.width / level.scaleX, d.box.height / level.scaleY);
      if (inputSide > largest) continue;
      if (!(d.score >= (inputSide < smallBox ? minScoreSmall : minScore))) continue;
      all.push({ ...d, level: level.level });
    }
  }
  return nonMaxSuppression(all, iouThreshold);
}
