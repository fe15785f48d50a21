import { describe, expect, it } from 'vitest';
import {
  BLAZEFACE_ANCHOR_COUNT,
  BLAZEFACE_REGRESSOR_WIDTH,
  blazeFaceAnchors,
  BLAZEFACE_INPUT_SIZE,
  decodeBlazeFace,
} from './blazeface.js';

const sigmoid = (logit: number) => 1 / (1 + Math.exp(-logit));

/** An all-background output (logit −10 everywhere) with chosen rows (logit, input pixels) overwritten. */
function rawWith(rows: Record<number, { logit: number; values: number[] }>) {
  const scores = new Float32Array(BLAZEFACE_ANCHOR_COUNT).fill(sigmoid(-10));
  const boxes = new Float32Array(BLAZEFACE_ANCHOR_COUNT * BLAZEFACE_REGRESSOR_WIDTH);
  for (const [i, { logit, values }] of Object.entries(rows)) {
    scores[Number(i)] = sigmoid(logit);
    boxes.set(
      values.map((v) => v / BLAZEFACE_INPUT_SIZE),
      Number(i) * BLAZEFACE_REGRESSOR_WIDTH,
    );
  }
  return { scores, boxes };
}

const face = (dx: number, dy: number, size: number) => [
  dx,
  dy,
  size,
  size,
  -10,
  -5,
  10,
  -5,
  0,
  5,
  0,
  15,
  -20,
  0,
  20,
  0,
];

describe('blazeFaceAnchors', () => {
  it('lays out 512 stride-16 anchors (2 per cell) then 384 stride-32 anchors (6 per cell), like Human', () => {
    const a = blazeFaceAnchors();
    expect(a.length / 2).toBe(896);
    expect(Array.from(a.subarray(0, 6))).toEqual([8, 8, 8, 8, 24, 8]);
    expect(Array.from(a.subarray(2 * 32, 2 * 32 + 2))).toEqual([8, 24]); // cell (0, 1): after 16 cells × 2
    expect(Array.from(a.subarray(2 * 511, 2 * 512))).toEqual([248, 248]);
    expect(Array.from(a.subarray(2 * 512, 2 * 512 + 12))).toEqual([16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16]);
    expect(Array.from(a.subarray(2 * 518, 2 * 518 + 2))).toEqual([48, 16]);
    expect(Array.from(a.subarray(2 * 895))).toEqual([240, 240]);
  });

  it('covers a non-square canvas cell by cell, stride-16 cells first', () => {
    const a = blazeFaceAnchors({ width: 96, height: 64 });
    // 6×4 cells × 2, then 3×2 cells × 6.
    expect(a.length / 2).toBe(48 + 36);
    expect(Array.from(a.subarray(2 * 10, 2 * 12))).toEqual([88, 8, 88, 8]); // cell (5, 0)
    expect(Array.from(a.subarray(2 * 12, 2 * 13))).toEqual([8, 24]); // cell (0, 1)
    expect(Array.from(a.subarray(2 * 47, 2 * 48))).toEqual([88, 56]);
    expect(Array.from(a.subarray(2 * 48, 2 * 49))).toEqual([16, 16]);
    expect(Array.from(a.subarray(2 * 83))).toEqual([80, 48]);
    expect(() => blazeFaceAnchors({ width: 100, height: 64 })).toThrow(RangeError);
  });
});

describe('decodeBlazeFace', () => {
  it('adds the anchor to the centre and keypoints and scales fractions back to input pixels', () => {
    const [d] = decodeBlazeFace(rawWith({ 600: { logit: 2, values: face(3, -4, 40) } }));
    // Anchor 600 is stride-32 cell 88/6 = 14 → (gx, gy) = (6, 1) → centre (208, 48).
    expect(d!.box).toEqual({ x: 208 + 3 - 20, y: 48 - 4 - 20, width: 40, height: 40 });
    expect(d!.score).toBeCloseTo(1 / (1 + Math.exp(-2)), 6);
    expect(d!.keypoints).toHaveLength(6);
    expect(d!.keypoints[0]).toEqual({ x: 198, y: 43 });
    expect(d!.keypoints[5]).toEqual({ x: 228, y: 48 });
  });

  it('drops rows under the score threshold and rows with no size', () => {
    const raw = rawWith({
      10: { logit: 0.1, values: face(0, 0, 20) }, // sigmoid 0.525
      20: { logit: 3, values: face(0, 0, 0) },
    });
    expect(decodeBlazeFace(raw, { scoreThreshold: 0.5 })).toHaveLength(1);
    expect(decodeBlazeFace(raw, { scoreThreshold: 0.53 })).toHaveLength(0);
  });

  it('blends anchors firing on one face and keeps separate faces apart', () => {
    const raw = rawWith({
      100: { logit: 3, values: face(0, 0, 40) },
      101: { logit: 1, values: face(2, 0, 40) }, // same cell, second anchor
      700: { logit: 2, values: face(0, 0, 40) },
    });
    const out = decodeBlazeFace(raw);
    expect(out).toHaveLength(2);
    expect(out[0]!.score).toBeCloseTo(1 / (1 + Math.exp(-3)), 6);
    expect(decodeBlazeFace(raw, { iouThreshold: 1 })).toHaveLength(3);
  });

  it('decodes against the anchors of the canvas it is given', () => {
    const canvas = { width: 96, height: 64 };
    const scores = new Float32Array(84).fill(sigmoid(-10));
    const boxes = new Float32Array(84 * BLAZEFACE_REGRESSOR_WIDTH);
    scores[83] = sigmoid(2); // stride-32 cell (2, 1): centre (80, 48)
    boxes.set(
      face(1, 2, 30).map((v) => v / BLAZEFACE_INPUT_SIZE),
      83 * BLAZEFACE_REGRESSOR_WIDTH,
    );
    const [d] = decodeBlazeFace({ scores, boxes }, { canvas });
    expect(d!.box).toEqual({ x: 81 - 15, y: 50 - 15, width: 30, height: 30 });
    expect(() => decodeBlazeFace({ scores, boxes })).toThrow(RangeError);
  });

  it('rejects output of the wrong shape', () => {
    expect(() => decodeBlazeFace({ scores: new Float32Array(10), boxes: new Float32Array(160) })).toThrow(RangeError);
  });
});
