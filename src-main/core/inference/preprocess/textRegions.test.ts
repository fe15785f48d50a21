import { describe, expect, it } from 'vitest';
import type { Point } from './geometry.js';
import {
  DB_DEFAULTS,
  convexHull,
  minAreaRect,
  readingOrder,
  rectCorners,
  textRegions,
  unclipRect,
  type RotatedRect,
} from './textRegions.js';

/** A probability map with `value` inside the rotated rectangle (pixel centres tested) and 0 elsewhere. */
function paint(map: Float32Array, width: number, rect: RotatedRect, value: number): void {
  const v = { x: -rect.axis.y, y: rect.axis.x };
  for (let i = 0; i < map.length; i++) {
    const dx = (i % width) + 0.5 - rect.center.x;
    const dy = Math.floor(i / width) + 0.5 - rect.center.y;
    const a = dx * rect.axis.x + dy * rect.axis.y;
    const b = dx * v.x + dy * v.y;
    if (Math.abs(a) <= rect.width / 2 && Math.abs(b) <= rect.height / 2) map[i] = value;
  }
}

const unit = (degrees: number): Point => ({
  x: Math.cos((degrees * Math.PI) / 180),
  y: Math.sin((degrees * Math.PI) / 180),
});

describe('convexHull and minAreaRect', () => {
  it('keeps only the corners of a filled grid', () => {
    const points: Point[] = [];
    for (let x = 0; x <= 4; x++) for (let y = 0; y <= 2; y++) points.push({ x, y });
    const hull = convexHull(points);
    expect(hull).toHaveLength(4);
    expect(hull).toEqual(
      expect.arrayContaining([
        { x: 0, y: 0 },
        { x: 4, y: 0 },
        { x: 4, y: 2 },
        { x: 0, y: 2 },
      ]),
    );
  });

  it('finds a rotated rectangle from its corners and inner points, its axis the one nearest +x', () => {
    const truth: RotatedRect = { center: { x: 50, y: 40 }, axis: unit(-20), width: 60, height: 12 };
    const corners = rectCorners(truth);
    const inner = corners.map((c) => ({ x: (c.x + truth.center.x) / 2, y: (c.y + truth.center.y) / 2 }));
    const rect = minAreaRect([...inner, ...corners]);
    expect(rect.width).toBeCloseTo(60, 6);
    expect(rect.height).toBeCloseTo(12, 6);
    expect(rect.axis.x).toBeCloseTo(unit(-20).x, 6);
    expect(rect.axis.y).toBeCloseTo(unit(-20).y, 6);
    expect(rect.center.x).toBeCloseTo(50, 6);
  });

  it('calls a tall rectangle tall rather than turning it to read along its long side', () => {
    const rect = minAreaRect(rectCorners({ center: { x: 0, y: 0 }, axis: { x: 1, y: 0 }, width: 10, height: 80 }));
    expect(rect.width).toBeCloseTo(10, 6);
    expect(rect.height).toBeCloseTo(80, 6);
  });

  it('orders corners clockwise from the top-left on screen', () => {
    const [tl, tr, br, bl] = rectCorners({ center: { x: 10, y: 10 }, axis: { x: 1, y: 0 }, width: 8, height: 4 });
    expect([tl, tr, br, bl]).toEqual([
      { x: 6, y: 8 },
      { x: 14, y: 8 },
      { x: 14, y: 12 },
      { x: 6, y: 12 },
    ]);
  });

  it('grows a rectangle by area × ratio / perimeter on each side', () => {
    const grown = unclipRect({ center: { x: 0, y: 0 }, axis: { x: 1, y: 0 }, width: 30, height: 10 }, 1.5);
    const d = (300 * 1.5) / 80;
    expect(grown.width).toBeCloseTo(30 + 2 * d, 9);
    expect(grown.height).toBeCloseTo(10 + 2 * d, 9);
  });
});

describe('textRegions', () => {
  const width = 200;
  const height = 120;

  it('returns one grown rotated box per confident component and drops faint and tiny ones', () => {
    const map = new Float32Array(width * height);
    const word: RotatedRect = { center: { x: 70, y: 40 }, axis: unit(10), width: 80, height: 14 };
    paint(map, width, word, 0.9);
    paint(map, width, { center: { x: 150, y: 95 }, axis: { x: 1, y: 0 }, width: 30, height: 10 }, 0.45);
    paint(map, width, { center: { x: 20, y: 100 }, axis: { x: 1, y: 0 }, width: 2, height: 2 }, 0.99);
    const regions = textRegions(map, width, height);
    expect(regions).toHaveLength(1);
    const [region] = regions;
    expect(region!.score).toBeCloseTo(0.9, 5);
    // The fit runs through pixel centres, so it is about a pixel smaller than the painted box, then grown.
    const d = (79 * 13 * DB_DEFAULTS.unclipRatio) / (2 * (79 + 13));
    expect(region!.rect.width).toBeGreaterThan(79 + 2 * d - 2);
    expect(region!.rect.width).toBeLessThan(80 + 2 * d + 1);
    expect(region!.rect.height).toBeGreaterThan(13 + 2 * d - 2);
    expect(region!.rect.height).toBeLessThan(14 + 2 * d + 1);
    expect(Math.atan2(region!.rect.axis.y, region!.rect.axis.x) * (180 / Math.PI)).toBeCloseTo(10, 0);
    expect(region!.rect.center.x).toBeCloseTo(70, 0);
    expect(region!.rect.center.y).toBeCloseTo(40, 0);
  });

  it('keeps the faint box when the score threshold allows it, and refuses a map of the wrong size', () => {
    const map = new Float32Array(width * height);
    paint(map, width, { center: { x: 150, y: 95 }, axis: { x: 1, y: 0 }, width: 30, height: 10 }, 0.45);
    expect(textRegions(map, width, height, { ...DB_DEFAULTS, minScore: 0.4 })).toHaveLength(1);
    expect(() => textRegions(map, width - 1, height)).toThrow(RangeError);
  });

  it('separates components with a gap between them', () => {
    const map = new Float32Array(width * height);
    paint(map, width, { center: { x: 40, y: 30 }, axis: { x: 1, y: 0 }, width: 40, height: 10 }, 0.8);
    paint(map, width, { center: { x: 82, y: 30 }, axis: { x: 1, y: 0 }, width: 40, height: 10 }, 0.8);
    expect(textRegions(map, width, height)).toHaveLength(2);
  });
});

describe('readingOrder', () => {
  const at = (x: number, y: number, h = 20) => ({
    rect: { center: { x, y }, axis: { x: 1, y: 0 }, width: 50, height: h },
  });

  it('reads lines top to bottom and each left to right, tolerating a slightly lower word on the same line', () => {
    const items = [at(300, 104), at(100, 100), at(200, 96), at(100, 160), at(50, 210, 30)];
    expect(readingOrder(items).map((i) => [i.rect.center.x, i.rect.center.y])).toEqual([
      [100, 100],
      [200, 96],
      [300, 104],
      [100, 160],
      [50, 210],
    ]);
  });
});
