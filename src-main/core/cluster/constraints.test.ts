import { describe, expect, it } from 'vitest';
import type { ClusterInput } from './clusterTypes.js';
import { ConstrainedUnion, constraintViolations, denseLabels, neverTogetherPairs } from './constraints.js';
import { repairConstraints } from './repair.js';

function input(photos: number[], seeds: number[], cannotLink: [number, number][] = []): ClusterInput {
  const n = photos.length;
  // Faces on a line, 0.1 apart.
  return {
    dim: 1,
    vectors: Float32Array.from({ length: n }, (_, i) => i * 0.1),
    photos: Int32Array.from(photos),
    seeds: Int32Array.from(seeds),
    cannotLink,
  };
}

describe('constraints', () => {
  it('lists every same-photo pair and cannot-link, both ways', () => {
    const pairs = neverTogetherPairs(input([5, 5, 5, 6], [-1, -1, -1, -1], [[0, 3]]));
    const asSet = new Set<string>();
    for (let e = 0; e < pairs.length; e += 2) asSet.add(`${pairs[e]}-${pairs[e + 1]}`);
    expect(asSet).toEqual(new Set(['0-3', '3-0', '0-1', '1-0', '0-2', '2-0', '1-2', '2-1']));
  });

  it('a union-find refuses merges that would join a photo, a cannot-link or two seeds, after any merges', () => {
    const union = new ConstrainedUnion(input([1, 2, 3, 1, 4, 5], [-1, -1, 8, -1, 9, -1], [[1, 5]]));
    const a = union.union(0, 1);
    expect(union.conflict(a, 3)).toBe(true); // 0 and 3 share photo 1
    expect(union.conflict(a, 5)).toBe(true); // 1 and 5 are cannot-linked
    const b = union.union(a, 2); // takes seed 8
    expect(union.conflict(b, 4)).toBe(true); // seed 9
    expect(union.conflict(5, 4)).toBe(false);
    expect(union.size[union.find(0)]).toBe(3);
  });

  it('counts violations of a labelling', () => {
    const data = input([1, 1, 2, 3, 4], [-1, -1, 3, 3, 4], [[2, 4]]);
    expect(constraintViolations(data, Int32Array.from([0, 0, 1, 2, 1]))).toEqual({
      sameCluster: 2, // photo 1, and cannot-link 2-4
      seedsSplit: 1, // seed 3 over clusters 1 and 2
      seedsMixed: 1, // cluster 1 holds seeds 3 and 4
    });
  });

  it('repair joins each seed, then splits clusters holding forbidden pairs, seeds first', () => {
    const data = input([1, 1, 2, 3, 4, 5], [-1, -1, 3, -1, 3, 4]);
    // One cluster of everything: faces 0 and 1 share a photo; seeds 3 and 4 meet; seed 3 is whole.
    const { ids, stats } = repairConstraints(data, [0, 0, 0, 0, 0, 0]);
    const labels = denseLabels(ids).labels;
    expect(constraintViolations(data, labels)).toEqual({ sameCluster: 0, seedsSplit: 0, seedsMixed: 0 });
    expect(stats.clustersSplit).toBe(1);
    expect(labels[2]).toBe(labels[4]);
    // Clusters split by a seed only: [0..5] with seeds 3 (faces 2, 4) and 4 (face 5) spread over two clusters.
    const joined = repairConstraints(data, [0, 1, 2, 2, 3, 4]).ids;
    expect(joined[2]).toBe(joined[4]);
  });

  it('leaves valid clusterings alone and numbers labels by first appearance', () => {
    const data = input([1, 2, 3], [-1, -1, -1]);
    expect(Array.from(repairConstraints(data, [7, 7, 9]).ids)).toEqual([0, 0, 2]);
    expect(denseLabels([9, 4, 9, 1])).toEqual({ labels: Int32Array.from([0, 1, 0, 2]), clusters: 3 });
  });
});
