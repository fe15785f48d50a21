import { describe, expect, it } from 'vitest';
import type { FaceDetection } from './geometry.js';
import { levelDetectionsToImage, mergeLevelDetections, planPyramid, type PyramidLevel } from './pyramid.js';
import { planTiles } from './tiles.js';

describe('planPyramid', () => {
  it('resamples each level of the tile plan by 256 / tile size, on a canvas of multiples of 32', () => {
    const levels = planPyramid(1920, 1280);
    expect(levels.map((l) => [l.width, l.height, l.canvas.width, l.canvas.height])).toEqual([
      [1214, 809, 1216, 832],
      [557, 372, 576, 384],
      [256, 171, 256, 192],
    ]);
    const sizes = planTiles(1920, 1280).levels.map((l) => l.size);
    levels.forEach((l, k) => {
      expect(l.level).toBe(k);
      // Exact up to the rounding of the level's size to whole pixels.
      expect(Math.abs(l.scaleX / (sizes[k]! / 256) - 1)).toBeLessThan(0.005);
      expect(Math.abs(l.scaleY / (sizes[k]! / 256) - 1)).toBeLessThan(0.005);
    });
  });

  it('hands over at 28 input px of the next level; the top level keeps every size', () => {
    const levels = planPyramid(1920, 1280);
    const sizes = planTiles(1920, 1280).levels.map((l) => l.size);
    expect(levels[0]!.handOver).toBeCloseTo((28 * sizes[1]!) / sizes[0]!, 6);
    expect(levels[1]!.handOver).toBeCloseTo((28 * sizes[2]!) / sizes[1]!, 6);
    expect(levels[2]!.handOver).toBeNull();
  });

  it('plans one level for a small image, upscaled to 256 on its long side', () => {
    expect(planPyramid(200, 150)).toEqual([
      {
        level: 0,
        width: 256,
        height: 192,
        canvas: { width: 256, height: 192 },
        scaleX: 200 / 256,
        scaleY: 150 / 192,
        handOver: null,
      },
    ]);
  });
});

const det = (x: number, y: number, size: number, score: number): FaceDetection => ({
  box: { x, y, width: size, height: size },
  score,
  keypoints: [{ x: x + size / 2, y: y + size / 2 }],
});

const level = (k: number, scale: number, handOver: number | null): PyramidLevel => ({
  level: k,
  width: 100,
  height: 100,
  canvas: { width: 128, height: 128 },
  scaleX: scale,
  scaleY: scale,
  handOver,
});

describe('levelDetectionsToImage', () => {
  it('scales boxes and keypoints by the level scale', () => {
    const [d] = levelDetectionsToImage({ ...level(0, 2, 60), scaleY: 3 }, [det(10, 20, 30, 0.9)]);
    expect(d!.box).toEqual({ x: 20, y: 60, width: 60, height: 90 });
    expect(d!.keypoints[0]).toEqual({ x: 50, y: 105 });
  });
});

describe('mergeLevelDetections', () => {
  const fine = level(0, 1, 60);
  const coarse = level(1, 2, null);

  it('keeps one detection per face seen by two levels, the best scored', () => {
    const out = mergeLevelDetections([
      { level: fine, detections: [det(320, 100, 60, 0.8)] },
      { level: coarse, detections: [det(318, 98, 64, 0.92)] },
    ]);
    expect(out.map((d) => [d.score, d.level])).toEqual([[0.92, 1]]);
  });

  it('applies the size-dependent score floor in input px of the level', () => {
    // 20 image px at scale 1 = 20 input px: small, floor 0.55; 100 px = 100 input px: floor 0.65.
    const out = mergeLevelDetections([
      { level: fine, detections: [det(0, 0, 20, 0.6), det(100, 0, 100, 0.6), det(300, 0, 100, 0.66)] },
      // 40 image px at scale 2 = 20 input px: small.
      { level: coarse, detections: [det(600, 0, 40, 0.56)] },
    ]);
    expect(out.map((d) => d.box.x)).toEqual([300, 0, 600]);
  });

  it('leaves faces over twice the hand-over size to the next level', () => {
    const out = mergeLevelDetections([
      { level: fine, detections: [det(0, 0, 120, 0.9), det(200, 0, 121, 0.9)] },
      { level: coarse, detections: [det(500, 0, 400, 0.9)] },
    ]);
    expect(out.map((d) => d.box.x)).toEqual([0, 500]);
    expect(
      mergeLevelDetections([{ level: fine, detections: [det(200, 0, 121, 0.9)] }], { maxHandOverRatio: 3 }),
    ).toHaveLength(1);
  });
});
