import { describe, expect, it } from 'vitest';
import type { Box } from './geometry.js';
import { planTiles, type Tile } from './tiles.js';

const contains = (t: Tile, b: Box) =>
  t.x <= b.x && t.y <= b.y && t.x + t.size >= b.x + b.width && t.y + t.size >= b.y + b.height;

describe('planTiles', () => {
  it('stays within the default budget of 40 at common photo sizes (numbers quoted in the report)', () => {
    const summary = (w: number, h: number) => {
      const p = planTiles(w, h);
      return { tiles: p.tiles.length, finest: p.levels[0]!.size, reliableFace: Math.round(p.reliableFace) };
    };
    expect(summary(1920, 1280)).toEqual({ tiles: 35, finest: 405, reliableFace: 44 });
    expect(summary(1920, 1080)).toEqual({ tiles: 39, finest: 353, reliableFace: 39 });
    expect(summary(1024, 768)).toEqual({ tiles: 37, finest: 224, reliableFace: 24 });
    expect(summary(640, 480).tiles).toBeLessThanOrEqual(40);
    expect(summary(4000, 3000).tiles).toBeLessThanOrEqual(40);
  });

  it('ends with one tile holding the whole image, letterboxed', () => {
    const p = planTiles(1920, 1280);
    const top = p.tiles.at(-1)!;
    expect(top).toEqual({ x: 0, y: -320, size: 1920, level: p.levels.length - 1 });
    expect(p.tiles.filter((t) => t.level === top.level)).toHaveLength(1);
  });

  it('puts every face a level hands over to inside one tile of that level', () => {
    const W = 1920;
    const H = 1280;
    const p = planTiles(W, H);
    for (const level of p.levels.slice(0, -1)) {
      const tiles = p.tiles.filter((t) => t.level === level.level);
      for (const t of tiles) {
        expect(t.x).toBeGreaterThanOrEqual(0);
        expect(t.x + t.size).toBeLessThanOrEqual(W);
      }
      // The next level is reliable from 28·size/256; this level must see those faces whole.
      const next = p.levels[level.level + 1]!;
      const handOver = (28 * next.size) / 256;
      expect(level.overlap).toBeGreaterThanOrEqual(handOver);
      for (let x = 0; x + handOver <= W; x += 37) {
        for (let y = 0; y + handOver <= H; y += 41) {
          const face = { x, y, width: handOver, height: handOver };
          expect(tiles.some((t) => contains(t, face))).toBe(true);
        }
      }
    }
  });

  it('uses finer tiles when the budget allows and one tile for a small image', () => {
    expect(planTiles(1920, 1280, { maxTiles: 80 }).reliableFace).toBeLessThan(planTiles(1920, 1280).reliableFace);
    expect(planTiles(200, 150).tiles).toEqual([{ x: 0, y: -25, size: 200, level: 0 }]);
    expect(() => planTiles(0, 10)).toThrow(RangeError);
  });
});
