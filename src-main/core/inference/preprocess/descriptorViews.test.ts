import { describe, expect, it } from 'vitest';
import { chipViews, meanOfViews } from './descriptorViews.js';

describe('descriptor views', () => {
  it('gives a chip and its mirror image', () => {
    // 3×1 pixels: red, green, blue.
    const chip = { data: Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255]), width: 3, height: 1 };
    const views = chipViews(chip);
    expect(views).toHaveLength(2);
    expect(views[0]).toBe(chip);
    expect(Array.from(views[1]!.data)).toEqual([0, 0, 255, 0, 255, 0, 255, 0, 0]);
  });

  it('averages each face over its consecutive views', () => {
    // Two faces of dimension 2, two views each.
    const described = Float32Array.from([1, 2, 3, 4, 10, 20, 30, 40]);
    expect(Array.from(meanOfViews(described, 2, 2))).toEqual([2, 3, 20, 30]);
  });

  it('refuses values that are not whole faces', () => {
    expect(() => meanOfViews(new Float32Array(6), 2, 2)).toThrow(RangeError);
  });
});
