import { describe, expect, it } from 'vitest';
import type { Point } from './geometry.js';
import type { RgbImage } from './image.js';
import { faceQuality, headPose, laplacianVariance, SHARPNESS_HALF } from './quality.js';

/** A frontal, level face: eyes at (∓30, 0), nose tip (30) at (0, 30), cheek jaw points 2 and 14 at (∓60, 40). */
function frontalLandmarks(noseX = 0): Point[] {
  const pts: Point[] = Array.from({ length: 68 }, () => ({ x: 0, y: 60 }));
  for (let i = 36; i < 42; i++) pts[i] = { x: -30 + ((i % 3) - 1) * 4, y: (i % 2) * 2 - 1 };
  for (let i = 42; i < 48; i++) pts[i] = { x: 30 + ((i % 3) - 1) * 4, y: (i % 2) * 2 - 1 };
  pts[30] = { x: noseX, y: 30 };
  pts[2] = { x: -60, y: 40 };
  pts[14] = { x: 60, y: 40 };
  return pts;
}

const rotate = (pts: Point[], deg: number) => {
  const a = (deg * Math.PI) / 180;
  return pts.map((p) => ({
    x: p.x * Math.cos(a) - p.y * Math.sin(a) + 500,
    y: p.x * Math.sin(a) + p.y * Math.cos(a) + 300,
  }));
};

function chip(pixel: (x: number, y: number) => number): RgbImage {
  const data = new Uint8Array(150 * 150 * 3);
  for (let y = 0; y < 150; y++)
    for (let x = 0; x < 150; x++) data.fill(pixel(x, y), (y * 150 + x) * 3, (y * 150 + x) * 3 + 3);
  return { data, width: 150, height: 150 };
}

describe('laplacianVariance', () => {
  it('is 0 on a flat image and 1600 on a 0/10 checkerboard', () => {
    const w = 20;
    expect(laplacianVariance(new Float32Array(w * w).fill(7), w, w)).toBe(0);
    const board = Float32Array.from({ length: w * w }, (_, i) => (((i % w) + Math.floor(i / w)) % 2 ? 10 : 0));
    expect(laplacianVariance(board, w, w)).toBeCloseTo(1600, 6);
  });
});

describe('headPose', () => {
  it('reads a level frontal face as zero yaw and roll', () => {
    const { yaw, roll } = headPose(frontalLandmarks());
    expect(yaw).toBeCloseTo(0, 9);
    expect(roll).toBeCloseTo(0, 9);
  });

  it('reads roll from the eye line (clockwise positive) whatever the rotation, and yaw from the nose', () => {
    const rolled = headPose(rotate(frontalLandmarks(), 25));
    expect(rolled.roll).toBeCloseTo(25, 9);
    expect(rolled.yaw).toBeCloseTo(0, 9);
    // Nose 30 px towards the image's right: L = 90, R = 30 → asin(0.5) = 30°.
    const turned = headPose(rotate(frontalLandmarks(30), -10));
    expect(turned.yaw).toBeCloseTo(30, 9);
    expect(turned.roll).toBeCloseTo(-10, 9);
  });
});

describe('faceQuality', () => {
  let seed = 12345;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return 60 + (seed % 120);
  };
  const sharpChip = chip(() => noise());
  const flatChip = chip(() => 100);
  const frontal = frontalLandmarks();

  it('scores size, sharpness and pose into [0, 1] and reports the parts', () => {
    const q = faceQuality({ box: { x: 0, y: 0, width: 150, height: 120 }, landmarks68: frontal, chip: sharpChip });
    expect(q.size).toBe(120);
    expect(q.parts.size).toBe(1);
    expect(q.parts.sharpness).toBeGreaterThan(0.9);
    expect(q.sharpness).toBe(q.parts.sharpness);
    expect(q.parts.pose).toBe(1);
    expect(q.score).toBeGreaterThan(0.95);
    expect(q.score).toBeLessThanOrEqual(1);
  });

  it('falls with blur, with smaller faces and with turned heads', () => {
    const box = { x: 0, y: 0, width: 120, height: 120 };
    const base = faceQuality({ box, landmarks68: frontal, chip: sharpChip }).score;
    const flat = faceQuality({ box, landmarks68: frontal, chip: flatChip });
    expect(flat.laplacianVariance).toBe(0);
    expect(flat.sharpness).toBe(0);
    expect(flat.score).toBe(0);
    const small = faceQuality({ box: { x: 0, y: 0, width: 32, height: 32 }, landmarks68: frontal, chip: sharpChip });
    expect(small.parts.size).toBeCloseTo(Math.log(2) / Math.log(7), 9);
    expect(small.score).toBeLessThan(base);
    const tiny = faceQuality({ box: { x: 0, y: 0, width: 16, height: 30 }, landmarks68: frontal, chip: sharpChip });
    expect(tiny.score).toBe(0);
    const turned = faceQuality({ box, landmarks68: frontalLandmarks(30), chip: sharpChip });
    expect(turned.parts.pose).toBeCloseTo(0.75, 9);
    expect(turned.score).toBeLessThan(base);
  });

  it('puts half credit for sharpness at SHARPNESS_HALF', () => {
    // A 0/a checkerboard has Laplacian variance 16a²; pick a so that it equals SHARPNESS_HALF.
    const a = Math.sqrt(SHARPNESS_HALF / 16);
    const board = chip((x, y) => ((x + y) % 2 ? Math.round(100 + a) : 100));
    const q = faceQuality({ box: { x: 0, y: 0, width: 200, height: 200 }, landmarks68: frontal, chip: board });
    expect(q.parts.sharpness).toBeGreaterThan(0.3);
    expect(q.parts.sharpness).toBeLessThan(0.7);
  });
});
