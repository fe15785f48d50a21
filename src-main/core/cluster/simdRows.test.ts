import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';
import { SimdRows } from './simdRows.js';
import { squaredDistance } from './vectorMath.js';

function randomRows(rows: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  return Float32Array.from({ length: rows * dim }, () => random() * 2 - 1);
}

describe('SimdRows', () => {
  it.each([1, 5, 32, 100, 128, 160])('matches the scalar squared distance for %i-dim rows', (dim) => {
    const source = randomRows(20, dim, dim);
    const rows = new SimdRows(20, dim);
    for (let r = 0; r < 20; r++) rows.setRow(r, source, 19 - r);
    expect(rows.stride % 32).toBe(0);
    expect(rows.stride).toBeGreaterThanOrEqual(dim);
    for (let a = 0; a < 20; a++) {
      for (let b = 0; b < 20; b++) {
        const expected = squaredDistance(source, 19 - a, source, 19 - b, dim);
        expect(rows.distanceWithin(a, b, Infinity)).toBeCloseTo(expected, 4);
      }
    }
  });

  it('stops once the partial sum passes the bound, and returns more than the bound', () => {
    const dim = 128;
    const source = new Float32Array(2 * dim);
    // Only the first block differs: the exit after it reports 32 even with a bound of 1.
    for (let d = 0; d < 32; d++) source[d] = 1;
    for (let d = 64; d < 96; d++) source[dim + d] = 1;
    const rows = new SimdRows(2, dim);
    rows.setRow(0, source, 0);
    rows.setRow(1, source, 1);
    expect(rows.distanceWithin(0, 1, Infinity)).toBe(64);
    expect(rows.distanceWithin(0, 1, 1)).toBe(32);
    expect(rows.distanceWithin(0, 1, 40)).toBe(64);
  });

  it('holds a library-sized set of rows (memory sized up front)', () => {
    const rows = new SimdRows(300_000, 128);
    expect(rows.data.length).toBe(300_000 * 128);
    rows.data[rows.data.length - 1] = 2;
    expect(rows.distanceWithin(299_999, 0, Infinity)).toBe(4);
  });
});
