import { describe, expect, it } from 'vitest';
import { complexPlane, fft2d, frequencyOf, inverseFft2dRows } from './fft.js';

describe('fft2d', () => {
  it('matches a direct DFT and inverts back', () => {
    const size = 8;
    const plane = complexPlane(size);
    for (let i = 0; i < size * size; i++) plane.re[i] = Math.sin(i * 0.7) + (i % 3);
    const original = Float64Array.from(plane.re);
    fft2d(plane);
    for (const [u, v] of [
      [0, 0],
      [1, 3],
      [5, 2],
      [7, 7],
    ] as const) {
      let re = 0;
      let im = 0;
      for (let y = 0; y < size; y++) {
        for (let x = 0; x < size; x++) {
          const a = (-2 * Math.PI * (u * x + v * y)) / size;
          re += original[y * size + x]! * Math.cos(a);
          im += original[y * size + x]! * Math.sin(a);
        }
      }
      expect(plane.re[v * size + u]).toBeCloseTo(re, 9);
      expect(plane.im[v * size + u]).toBeCloseTo(im, 9);
    }
    fft2d(plane, true);
    for (let i = 0; i < size * size; i++) {
      expect(plane.re[i]).toBeCloseTo(original[i]!, 12);
      expect(plane.im[i]).toBeCloseTo(0, 12);
    }
  });

  it('computes just the rows asked for of an inverse, exactly as the whole inverse does', () => {
    const size = 64;
    const whole = complexPlane(size);
    for (let i = 0; i < size * size; i++) {
      whole.re[i] = Math.cos(i * 0.31) * (i % 7);
      whole.im[i] = Math.sin(i * 0.17);
    }
    const part = { size, re: Float64Array.from(whole.re), im: Float64Array.from(whole.im) };
    fft2d(whole, true);
    inverseFft2dRows(part, 16, 48);
    expect(part.re.subarray(16 * size, 48 * size)).toEqual(whole.re.subarray(16 * size, 48 * size));
    expect(part.im.subarray(16 * size, 48 * size)).toEqual(whole.im.subarray(16 * size, 48 * size));
    expect(part.re.subarray(0, 16 * size)).not.toEqual(whole.re.subarray(0, 16 * size));
  });

  it('refuses sizes that are not powers of two', () => {
    expect(() => complexPlane(12)).toThrow(/power of two/);
  });

  it('maps indices to signed frequencies', () => {
    expect(frequencyOf(0, 8)).toBe(0);
    expect(frequencyOf(3, 8)).toBe(3 / 8);
    expect(frequencyOf(4, 8)).toBe(-0.5);
    expect(frequencyOf(7, 8)).toBe(-1 / 8);
  });
});
