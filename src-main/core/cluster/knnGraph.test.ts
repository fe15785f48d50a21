import { describe, expect, it } from 'vitest';
import { symmetricAdjacency } from './adjacency.js';
import { buildKnnGraph, exactKnnGraph, knnQuery, knnRecall, sampledKnnRecall } from './knnGraph.js';
import { gaussianBlobs } from './syntheticFaces.js';

describe('kNN graph', () => {
  it('finds exact neighbours on a line, nearest first, padding when n - 1 < k', () => {
    const vectors = Float32Array.from([0, 0, 1, 0, 3, 0]);
    const graph = exactKnnGraph(vectors, 2, 3);
    expect(Array.from(graph.indices)).toEqual([1, 2, -1, 0, 2, -1, 1, 0, -1]);
    expect(Array.from(graph.distances.subarray(0, 2))).toEqual([1, 3]);
    expect(graph.distances[2]).toBe(Infinity);
  });

  it('RP forest + NN-descent recovers most exact neighbours, and the same graph every run', () => {
    const { vectors, dim } = gaussianBlobs({ people: 300, facesPerPerson: 10, dim: 32, spread: 0.05 });
    const exact = exactKnnGraph(vectors, dim, 10);
    const approx = buildKnnGraph(vectors, dim, { exactBelow: 0 });
    expect(approx.stats.exact).toBe(false);
    expect(knnRecall(approx, exact)).toBeGreaterThan(0.9);
    expect(sampledKnnRecall(vectors, dim, approx, 50, 3)).toBeGreaterThan(0.85);
    const again = buildKnnGraph(vectors, dim, { exactBelow: 0 });
    expect(again.indices).toEqual(approx.indices);
    expect(again.distances).toEqual(approx.distances);
    // Distances are exact Euclidean distances of the listed neighbours.
    const a = 5;
    const b = approx.indices[a * approx.k]!;
    let s = 0;
    for (let d = 0; d < dim; d++) s += (vectors[a * dim + d]! - vectors[b * dim + d]!) ** 2;
    expect(approx.distances[a * approx.k]).toBeCloseTo(Math.sqrt(s), 5);
  });

  it('queries a base exactly when small and through a forest when large', () => {
    const base = gaussianBlobs({ people: 200, facesPerPerson: 15, spread: 0.05 });
    const queries = gaussianBlobs({ people: 200, facesPerPerson: 15, spread: 0.05 });
    // Same seed: each query sits exactly on a base face, so its nearest neighbour is that face at distance 0.
    const small = knnQuery(base.vectors.subarray(0, 32 * 50), queries.vectors.subarray(0, 32 * 5), 32, 3);
    expect(Array.from({ length: 5 }, (_, q) => small.indices[q * 3])).toEqual([0, 1, 2, 3, 4]);
    const large = knnQuery(base.vectors, queries.vectors, 32, 5, { exactBelow: 100 });
    let hits = 0;
    for (let q = 0; q < large.n; q++) if (large.indices[q * 5] === q) hits++;
    expect(hits / large.n).toBeGreaterThan(0.98);
  });

  it('symmetric adjacency keeps each pair once per side, cut at the distance', () => {
    const vectors = Float32Array.from([0, 1, 2, 10]);
    const adjacency = symmetricAdjacency(exactKnnGraph(vectors, 1, 2), 1.5);
    expect(Array.from(adjacency.offsets)).toEqual([0, 1, 3, 4, 4]);
    expect(Array.from(adjacency.neighbours)).toEqual([1, 0, 2, 1]);
  });
});
