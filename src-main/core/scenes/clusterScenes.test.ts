import { describe, expect, it } from 'vitest';
import { seededRandom } from '../cluster/random.js';
import { normalizeL2 } from './pooling.js';
import { centreVectors, clusterScenes, moreLikeThis } from './clusterScenes.js';

const DIM = 16;

/** Three scenes of 30, 20 and 10 photos around random unit centres, then 8 one-off photos. */
function syntheticLibrary() {
  const random = seededRandom(7);
  const gaussian = () => Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const unit = (v: Float32Array) => {
    normalizeL2(v);
    return v;
  };
  const centres = [0, 1, 2].map(() => unit(Float32Array.from({ length: DIM }, gaussian)));
  const rows: Float32Array[] = [];
  const truth: number[] = [];
  [30, 20, 10].forEach((size, scene) => {
    for (let i = 0; i < size; i++) {
      rows.push(unit(Float32Array.from(centres[scene]!, (c) => c + 0.08 * gaussian())));
      truth.push(scene);
    }
  });
  for (let i = 0; i < 8; i++) {
    rows.push(unit(Float32Array.from({ length: DIM }, gaussian)));
    truth.push(-1);
  }
  const vectors = new Float32Array(rows.length * DIM);
  rows.forEach((r, i) => vectors.set(r, i * DIM));
  return { vectors, truth };
}

describe('clusterScenes', () => {
  const { vectors, truth } = syntheticLibrary();

  // DBSCAN at the 90th percentile reaches out to one-off photos as border points: it is tested at the median.
  it.each([
    { approach: 'stable', densityQuantile: 1 },
    { approach: 'agglomerative', densityQuantile: 0.9 },
    { approach: 'dbscan', densityQuantile: 0.5 },
  ] as const)('$approach at q$densityQuantile finds pure scenes, largest first, one-offs as noise', (params) => {
    const result = clusterScenes(vectors, DIM, params);
    const sizes = result.clusters.map((c) => c.members.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const scenesFound = new Set<number>();
    result.clusters.forEach((cluster, rank) => {
      const scene = truth[cluster.members[0]!]!;
      scenesFound.add(scene);
      for (const i of cluster.members) {
        expect(truth[i]).toBe(scene);
        expect(result.labels[i]).toBe(rank);
      }
      expect(cluster.members.length).toBeGreaterThanOrEqual(5);
      expect(Array.from(cluster.members)).toContain(cluster.medoid);
    });
    expect([...scenesFound].sort()).toEqual([0, 1, 2]);
    for (let i = 60; i < 68; i++) expect(result.labels[i]).toBe(-1);
    expect(result.noise).toBe(result.labels.filter((l) => l < 0).length);
    expect(result.threshold).toBeGreaterThan(0);
  });

  it('is deterministic and lists each scene nearest its medoid first', () => {
    const a = clusterScenes(vectors, DIM);
    const b = clusterScenes(vectors, DIM);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
    const centred = centreVectors(vectors, DIM);
    for (const cluster of a.clusters) {
      expect(cluster.members[0]).toBe(cluster.medoid);
      const d = (i: number) =>
        centred
          .subarray(i * DIM, i * DIM + DIM)
          .reduce((s, x, j) => s + (x - centred[cluster.medoid * DIM + j]!) ** 2, 0);
      for (let j = 1; j < cluster.members.length; j++)
        expect(d(cluster.members[j]!)).toBeGreaterThanOrEqual(d(cluster.members[j - 1]!));
    }
  });

  it('leaves a library smaller than one scene as noise, and refuses ragged vectors', () => {
    expect(clusterScenes(vectors.subarray(0, 3 * DIM), DIM).noise).toBe(3);
    expect(() => clusterScenes(new Float32Array(10), DIM)).toThrow(RangeError);
  });
});

describe('moreLikeThis', () => {
  const { vectors, truth } = syntheticLibrary();

  it('returns the nearest backgrounds, the photo itself left out', () => {
    const found = moreLikeThis(vectors, DIM, 35, 5);
    expect(found).toHaveLength(5);
    for (const f of found) {
      expect(f.index).not.toBe(35);
      expect(truth[f.index]).toBe(truth[35]);
    }
    for (let j = 1; j < found.length; j++) expect(found[j]!.distance).toBeGreaterThanOrEqual(found[j - 1]!.distance);
  });

  it('refuses a photo that is not in the library', () => {
    expect(() => moreLikeThis(vectors, DIM, 68, 3)).toThrow(RangeError);
  });
});
