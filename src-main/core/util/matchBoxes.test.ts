import { describe, expect, it } from 'vitest';
import { boxIou, matchBoxes } from './matchBoxes.js';

const box = (x: number, y: number, size = 0.2) => ({ x, y, width: size, height: size });

describe('matchBoxes', () => {
  it('measures overlap', () => {
    expect(boxIou(box(0, 0), box(0, 0))).toBeCloseTo(1);
    expect(boxIou(box(0, 0), box(0.5, 0.5))).toBe(0);
    expect(boxIou(box(0, 0, 0.2), box(0.1, 0, 0.2))).toBeCloseTo(1 / 3);
  });

  it('pairs each box with its best partner once, and leaves the rest unpaired', () => {
    const before = [box(0, 0), box(0.5, 0.5), box(0.8, 0)];
    const after = [box(0.51, 0.5), box(0.01, 0), box(0.3, 0.3), box(0.02, 0.01)];
    expect(matchBoxes(before, after)).toEqual([1, 0, -1, -1]);
  });

  it('refuses weak overlaps', () => {
    expect(matchBoxes([box(0, 0)], [box(0.12, 0)])).toEqual([-1]);
  });
});
