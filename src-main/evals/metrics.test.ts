import { describe, expect, it } from 'vitest';
import {
  bestThreshold,
  euclidean,
  precisionAtK,
  rateAtOrBelow,
  rocAucLowerIsPositive,
  seededRandom,
} from './metrics.js';

describe('verification metrics', () => {
  it('AUC is 1 for separated distances, 0.5 for identical ones, and counts ties half', () => {
    expect(rocAucLowerIsPositive([0.1, 0.2], [0.5, 0.9])).toBe(1);
    expect(rocAucLowerIsPositive([0.5, 0.5], [0.5, 0.5])).toBe(0.5);
    expect(rocAucLowerIsPositive([0.1, 0.6], [0.5, 0.9])).toBe(0.75);
  });

  it('finds the threshold with the best balanced accuracy', () => {
    const result = bestThreshold([0.1, 0.2, 0.7], [0.5, 0.9, 1.0, 1.1]);
    expect(result.threshold).toBe(0.7);
    expect(result.balancedAccuracy).toBeCloseTo((1 + 3 / 4) / 2, 10);
    expect(rateAtOrBelow([0.1, 0.6, 0.7], 0.6)).toBeCloseTo(2 / 3, 10);
  });

  it('measures distances and draws repeatable random numbers', () => {
    expect(euclidean(Float32Array.from([0, 3]), Float32Array.from([4, 0]))).toBe(5);
    const a = seededRandom(7);
    const b = seededRandom(7);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
  });
});

describe('precision at k', () => {
  it('counts same-label neighbours, leaving the query out', () => {
    // Two tight pairs far apart, one pair mislabeled across.
    const vectors = Float32Array.from([0, 0, 0, 0.1, 10, 10, 10, 10.1]);
    expect(precisionAtK(vectors, 2, ['a', 'a', 'b', 'b'], 1)).toBe(1);
    expect(precisionAtK(vectors, 2, ['a', 'b', 'a', 'b'], 1)).toBe(0);
    expect(precisionAtK(vectors, 2, ['a', 'a', 'b', 'b'], 3)).toBeCloseTo(1 / 3, 12);
  });
});
