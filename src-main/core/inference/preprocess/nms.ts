import { boxArea, intersectionArea, type Box, type FaceDetection, type Point } from './geometry.js';

export type Scored = { box: Box; score: number };

/** Intersection over union; 0 when either box is empty. */
export function iou(a: Box, b: Box): number {
  const inter = intersectionArea(a, b);
  if (inter === 0) return 0;
  return inter / (boxArea(a) + boxArea(b) - inter);
}

/** Indices of `items` by descending score; equal scores keep input order (Array.prototype.sort is stable). */
export function indicesByScore(items: readonly Scored[]): number[] {
  return items.map((_, i) => i).sort((i, j) => items[j]!.score - items[i]!.score);
}

/**
 * Greedy non-maximum suppression: walk by descending score, keep a box unless it overlaps an already kept one with
 * IoU above `iouThreshold`. Returns the kept items, best first. O(n log n) sort + O(n·kept) overlap tests.
 */
export function nonMaxSuppression<T extends Scored>(
  items: readonly T[],
  iouThreshold: number,
  maxOutput = Infinity,
): T[] {
  const kept: T[] = [];
  for (const i of indicesByScore(items)) {
    if (kept.length >= maxOutput) break;
    const item = items[i]!;
    if (kept.every((k) => iou(k.box, item.box) <= iouThreshold)) kept.push(item);
  }
  return kept;
}

/**
 * MediaPipe's weighted NMS ("blending", as its BlazeFace graphs use): the best remaining detection absorbs every
 * remaining one overlapping it with IoU above `iouThreshold`; the merged box and keypoints are the score-weighted
 * mean of the group, the score is the best one's. Steadier boxes than plain NMS when anchors fire in clusters.
 */
export function weightedNonMaxSuppression(detections: readonly FaceDetection[], iouThreshold: number): FaceDetection[] {
  let remaining = indicesByScore(detections);
  const out: FaceDetection[] = [];
  while (remaining.length > 0) {
    const best = detections[remaining[0]!]!;
    const group: FaceDetection[] = [];
    const rest: number[] = [];
    for (const i of remaining) {
      const d = detections[i]!;
      if (d === best || iou(best.box, d.box) > iouThreshold) group.push(d);
      else rest.push(i);
    }
    out.push(blend(best, group));
    remaining = rest;
  }
  return out;
}

function blend(best: FaceDetection, group: readonly FaceDetection[]): FaceDetection {
  if (group.length === 1) return best;
  let total = 0;
  let x = 0;
  let y = 0;
  let r = 0;
  let b = 0;
  const keypoints: Point[] = best.keypoints.map(() => ({ x: 0, y: 0 }));
  for (const d of group) {
    const w = d.score;
    total += w;
    x += d.box.x * w;
    y += d.box.y * w;
    r += (d.box.x + d.box.width) * w;
    b += (d.box.y + d.box.height) * w;
    d.keypoints.forEach((p, k) => {
      const acc = keypoints[k];
      if (acc) {
        acc.x += p.x * w;
        acc.y += p.y * w;
      }
    });
  }
  if (!(total > 0)) return best;
  return {
    box: { x: x / total, y: y / total, width: (r - x) / total, height: (b - y) / total },
    score: best.score,
    keypoints: keypoints.map((p) => ({ x: p.x / total, y: p.y / total })),
  };
}
