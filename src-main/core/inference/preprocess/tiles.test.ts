import { describe, expect, it } from 'vitest';
import type { Box, FaceDetection } from './geometry.js';
import { mergeTileDetections, planTiles, tileDetectionsToImage, type Tile } from './tiles.js';

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

const det = (x: number, y: number, size: number, score: number): FaceDetection => ({
  box: { x, y, width: size, height: size },
  score,
  keypoints: [{ x: x + size / 2, y: y + size / 2 }],
});

describe('tileDetectionsToImage', () => {
  it('scales by tile size / 256 and offsets by the tile origin', () => {
    const [d] = tileDetectionsToImage({ x: 100, y: 50, size: 512, level: 0 }, [det(10, 20, 30, 0.9)]);
    expect(d!.box).toEqual({ x: 120, y: 90, width: 60, height: 60 });
    expect(d!.keypoints[0]).toEqual({ x: 150, y: 120 });
  });
});

describe('mergeTileDetections', () => {
  const image = { width: 1000, height: 600 };
  const left: Tile = { x: 0, y: 0, size: 400, level: 0 };
  const right: Tile = { x: 300, y: 0, size: 400, level: 0 };
  const whole: Tile = { x: 0, y: -200, size: 1000, level: 1 };

  it('keeps one detection per face seen by overlapping tiles and levels', () => {
    const out = mergeTileDetections(
      [
        { tile: left, detections: [det(320, 100, 60, 0.9)] },
        { tile: right, detections: [det(322, 101, 60, 0.92)] },
        { tile: whole, detections: [det(318, 98, 64, 0.8)] },
      ],
      image,
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.score).toBe(0.92);
  });

  it('drops a fragment cut by an inner tile edge in favour of the whole face, even with a higher score', () => {
    const out = mergeTileDetections(
      [
        { tile: left, detections: [det(360, 200, 40, 0.95)] }, // touches left's inner right edge (x = 400)
        { tile: right, detections: [det(350, 195, 80, 0.8)] },
      ],
      image,
    );
    expect(out.map((d) => [d.box.x, d.edgeFragment])).toEqual([[350, false]]);
  });

  it('keeps a fragment nothing else explains, flagged; edges on the image border are not inner edges', () => {
    const out = mergeTileDetections(
      [
        { tile: left, detections: [det(370, 300, 30, 0.9), det(0, 10, 50, 0.9)] },
        { tile: right, detections: [] },
      ],
      image,
    );
    expect(out.map((d) => [d.box.x, d.edgeFragment])).toEqual([
      [0, false],
      [370, true],
    ]);
  });

  it('applies the size-dependent score floor', () => {
    // 20 px in a 400-px tile = 12.8 input px: small, floor 0.55; 100 px = 64 input px: floor 0.7.
    const out = mergeTileDetections(
      [{ tile: left, detections: [det(50, 50, 20, 0.6), det(150, 50, 100, 0.6), det(150, 250, 100, 0.75)] }],
      image,
    );
    expect(out.map((d) => d.box.width)).toEqual([100, 20]);
  });
});
