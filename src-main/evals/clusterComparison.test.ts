import { describe, expect, it } from 'vitest';
import { gaussianBlobs } from '../core/cluster/syntheticFaces.js';
import { compareClusterApproaches } from './clusterComparison.js';

describe('cluster comparison', () => {
  it('scores every approach on labeled faces only, with no constraint broken, and the incremental path', () => {
    // 60 people of 6 faces, two faces per photo for the first 40 people; people past 50 are unlabeled bystanders.
    const blobs = gaussianBlobs({ people: 60, facesPerPerson: 6, dim: 64, spread: 0.03, separation: 0.15 });
    const photos = Int32Array.from(blobs.truth, (p, i) => (p < 40 ? 1000 + Math.floor(i / 12) * 6 + (i % 6) : i));
    const persons = Array.from(blobs.truth, (p) => (p < 50 ? `person ${p}` : null));
    const result = compareClusterApproaches({ vectors: blobs.vectors, dim: blobs.dim, photos, persons });
    expect(result.faces).toBe(360);
    expect(result.labeledFaces).toBe(300);
    expect(result.approaches.map((a) => a.name)).toContain('agglomerative (default)');
    for (const a of result.approaches) {
      expect(a.violations).toEqual({ sameCluster: 0, seedsSplit: 0, seedsMixed: 0 });
      expect(a.scores.people).toBe(50);
    }
    const first = result.approaches[0]!;
    expect(first.scores.pairwise.f1).toBe(1);
    expect(result.defaultPasses).toBe(true);
    expect(result.sweep.length).toBeGreaterThan(10);
    expect(result.incremental.addedFaces + result.incremental.existingFaces).toBe(360);
    expect(result.incremental.scores.pairwise.f1).toBe(1);
  });
});
