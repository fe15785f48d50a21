import { describe, expect, it } from 'vitest';
import type { FaceDetection } from './geometry.js';
import { iou, nonMaxSuppression, weightedNonMaxSuppression } from './nms.js';

const box = (x: number, y: number, size = 10) => ({ x, y, width: size, height: size });

describe('iou', () => {
  it('is 1 for equal boxes, 0 for disjoint, and the textbook value for a half shift', () => {
    expect(iou(box(0, 0), box(0, 0))).toBe(1);
    expect(iou(box(0, 0), box(20, 0))).toBe(0);
    expect(iou(box(0, 0), box(5, 0))).toBeCloseTo(50 / 150, 12);
    expect(iou(box(0, 0), { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
});

describe('nonMaxSuppression', () => {
  it('keeps the best of each overlapping group, best first', () => {
    const items = [
      { id: 'a', box: box(0, 0), score: 0.6 },
      { id: 'b', box: box(1, 1), score: 0.9 },
      { id: 'c', box: box(50, 50), score: 0.7 },
      { id: 'd', box: box(6, 0), score: 0.8 }, // IoU with b = 36/164 ≈ 0.22: survives at 0.3
    ];
    expect(nonMaxSuppression(items, 0.3).map((i) => i.id)).toEqual(['b', 'd', 'c']);
    expect(nonMaxSuppression(items, 0.2).map((i) => i.id)).toEqual(['b', 'c']);
    expect(nonMaxSuppression(items, 0.3, 2).map((i) => i.id)).toEqual(['b', 'd']);
  });

  it('breaks score ties by input order', () => {
    const items = [
      { id: 'first', box: box(0, 0), score: 0.5 },
      { id: 'second', box: box(0, 0), score: 0.5 },
    ];
    expect(nonMaxSuppression(items, 0.3).map((i) => i.id)).toEqual(['first']);
    expect(nonMaxSuppression([...items].reverse(), 0.3).map((i) => i.id)).toEqual(['second']);
  });
});

describe('weightedNonMaxSuppression', () => {
  it('blends each group by score and keeps the best score', () => {
    const dets: FaceDetection[] = [
      { box: box(0, 0), score: 0.75, keypoints: [{ x: 2, y: 2 }] },
      { box: box(2, 0), score: 0.25, keypoints: [{ x: 6, y: 2 }] },
      { box: box(100, 100), score: 0.5, keypoints: [{ x: 105, y: 105 }] },
    ];
    const out = weightedNonMaxSuppression(dets, 0.3);
    expect(out).toHaveLength(2);
    expect(out[0]!.score).toBe(0.75);
    expect(out[0]!.box.x).toBeCloseTo(0.5, 12);
    expect(out[0]!.box.width).toBeCloseTo(10, 12);
    expect(out[0]!.keypoints[0]!.x).toBeCloseTo(3, 12);
    expect(out[1]).toEqual(dets[2]);
  });
});
