import { describe, expect, it } from 'vitest';
import { clusterFaces, type ClusterApproach } from './clusterFaces.js';
import type { ClusterInput } from './clusterTypes.js';
import { constraintViolations } from './constraints.js';
import { gaussianBlobs } from './syntheticFaces.js';

const APPROACHES: readonly ClusterApproach[] = ['agglomerative', 'chineseWhispers', 'dbscan'];

/** Blobs with same-person distances near 0.34 and different-people distances near 1.6. */
function blobInput(people: number, facesPerPerson: number, seed = 1): ClusterInput & { truth: Int32Array } {
  const blobs = gaussianBlobs({ people, facesPerPerson, seed, spread: 0.03, separation: 0.15, dim: 64 });
  return { ...blobs, seeds: new Int32Array(blobs.truth.length).fill(-1), cannotLink: [] };
}

/** Whether two labelings group faces identically. */
function samePartition(a: Int32Array, b: Int32Array): boolean {
  const map = new Map<number, number>();
  const back = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    if ((map.get(a[i]!) ?? b[i]) !== b[i] || (back.get(b[i]!) ?? a[i]) !== a[i]) return false;
    map.set(a[i]!, b[i]!);
    back.set(b[i]!, a[i]!);
  }
  return true;
}

/** Two tight groups; `pairs` faces of group A are duplicated (same photo) right beside a face of group B. */
function adversarial(): ClusterInput {
  const dim = 4;
  const rows: number[][] = [];
  for (let i = 0; i < 6; i++) rows.push([0, 0.01 * i, 0, 0]);
  for (let i = 0; i < 6; i++) rows.push([0.2, 0.01 * i, 0, 0]);
  return {
    dim,
    vectors: Float32Array.from(rows.flat()),
    photos: Int32Array.from(rows, (_, i) => i),
    seeds: new Int32Array(rows.length).fill(-1),
    cannotLink: [],
  };
}

describe('clusterFaces', () => {
  it.each(APPROACHES)('%s recovers well separated people exactly', (approach) => {
    const input = blobInput(40, 6);
    const { labels, clusters } = clusterFaces(input, { approach, knn: { exactBelow: 0 } });
    expect(clusters).toBe(40);
    expect(samePartition(labels, input.truth)).toBe(true);
  });

  it('numbers clusters densely by first appearance', () => {
    const input = blobInput(5, 3);
    const { labels, clusters } = clusterFaces(input);
    expect(labels[0]).toBe(0);
    expect(Math.max(...labels)).toBe(clusters - 1);
    const firstSeen = [...new Set(labels)];
    expect(firstSeen).toEqual([...firstSeen].sort((a, b) => a - b));
  });

  it.each(APPROACHES)('%s gives the same labels for the same input (NN-descent graph, seeded)', (approach) => {
    const input = blobInput(300, 8, 3);
    const first = clusterFaces(input, { approach, knn: { exactBelow: 0 } });
    const second = clusterFaces(input, { approach, knn: { exactBelow: 0 } });
    expect(second.labels).toEqual(first.labels);
  });

  it.each(APPROACHES)('%s never puts two faces of one photo together, however close', (approach) => {
    const base = adversarial();
    // Faces 0-5 would be one cluster; put 0 and 3 in one photo, and 7 with 9.
    const photos = Int32Array.from(base.photos);
    photos[3] = photos[0]!;
    photos[9] = photos[7]!;
    const input = { ...base, photos };
    const { labels } = clusterFaces(input, { approach, threshold: 0.1 });
    expect(labels[0]).not.toBe(labels[3]);
    expect(labels[7]).not.toBe(labels[9]);
    expect(constraintViolations(input, labels)).toEqual({ sameCluster: 0, seedsSplit: 0, seedsMixed: 0 });
    // Each group splits in two, no more.
    expect(new Set(labels.subarray(0, 6)).size).toBe(2);
    expect(new Set(labels.subarray(6, 12)).size).toBe(2);
  });

  it.each(APPROACHES)('%s honours cannot-links and seeds', (approach) => {
    const base = adversarial();
    const seeds = new Int32Array(12).fill(-1);
    // Seed 7 holds one face of each group (must stay together); seeds 1 and 2 sit in one group (must stay apart).
    seeds[0] = 7;
    seeds[6] = 7;
    seeds[2] = 1;
    seeds[4] = 2;
    const input: ClusterInput = { ...base, seeds, cannotLink: [[8, 10]] };
    const { labels } = clusterFaces(input, { approach, threshold: 0.1 });
    expect(labels[0]).toBe(labels[6]);
    expect(labels[2]).not.toBe(labels[4]);
    expect(labels[8]).not.toBe(labels[10]);
    expect(constraintViolations(input, labels)).toEqual({ sameCluster: 0, seedsSplit: 0, seedsMixed: 0 });
  });

  it('the default merges by average linkage: a chain of close faces is not one person', () => {
    // Faces 0.1 apart on a line: neighbours are close, but the ends are 0.9 apart.
    const n = 10;
    const input: ClusterInput = {
      dim: 1,
      vectors: Float32Array.from({ length: n }, (_, i) => i * 0.1),
      photos: Int32Array.from({ length: n }, (_, i) => i),
      seeds: new Int32Array(n).fill(-1),
      cannotLink: [],
    };
    const { clusters } = clusterFaces(input, { threshold: 0.2 });
    expect(clusters).toBeGreaterThan(1);
    expect(clusterFaces(input, { approach: 'dbscan', threshold: 0.2, minPoints: 2 }).clusters).toBe(1);
  });

  it('rejects vectors that do not match photos and dim', () => {
    const input = blobInput(2, 2);
    expect(() => clusterFaces({ ...input, dim: 3 })).toThrow(RangeError);
    expect(() => clusterFaces({ ...input, cannotLink: [[0, 99]] })).toThrow(RangeError);
  });
});
