import { describe, expect, it } from 'vitest';
import { scoreClustering, scorePartition } from './clusterMetrics.js';

describe('cluster metrics', () => {
  it('scores a hand-made clustering: pairwise and BCubed', () => {
    // Clusters {a, a, b} and {b, b}; the unlabeled sixth face is not scored.
    const s = scoreClustering([0, 0, 0, 1, 1, 0], ['a', 'a', 'b', 'b', 'b', null]);
    expect(s.faces).toBe(5);
    // 4 pairs clustered, 4 same-person pairs, 2 of them shared.
    expect(s.pairwise).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(s.bcubed.precision).toBeCloseTo(11 / 15, 12);
    expect(s.bcubed.recall).toBeCloseTo(11 / 15, 12);
    expect(s.bcubed.f1).toBeCloseTo(11 / 15, 12);
    expect([s.clusters, s.people, s.clustersPerPerson]).toEqual([2, 2, 1]);
  });

  it('all singletons: pairwise precision 1 and recall 0; BCubed recall is the mean share of one face', () => {
    const s = scoreClustering([0, 1, 2, 3, 4], [1, 1, 2, 2, 2]);
    expect(s.pairwise).toEqual({ precision: 1, recall: 0, f1: 0 });
    expect(s.bcubed.precision).toBe(1);
    expect(s.bcubed.recall).toBeCloseTo((2 * (1 / 2) + 3 * (1 / 3)) / 5, 12);
    expect(s.clustersPerPerson).toBe(2.5);
  });

  it('a perfect clustering scores 1 everywhere, whatever the label values', () => {
    const s = scoreClustering([7, 7, 3, 9], ['x', 'x', 'y', 'z']);
    expect([s.pairwise.f1, s.bcubed.f1, s.clustersPerPerson]).toEqual([1, 1, 1]);
  });

  it('rejects labels and truths of different lengths', () => {
    expect(() => scoreClustering([0], [])).toThrow(RangeError);
  });
});

describe('partition scores', () => {
  const truth = ['a', 'a', 'a', 'b', 'b', 'b'];

  it('matches scikit-learn on its documented example', () => {
    // adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.2424…; normalized_mutual_info_score = 0.5158…
    const s = scorePartition([0, 0, 1, 1, 2, 2], truth);
    expect(s.ari).toBeCloseTo(0.24242424, 6);
    expect(s.nmi).toBeCloseTo(0.51580374, 6);
    expect(s.purity).toBeCloseTo(5 / 6, 9);
    expect(s.clusters).toBe(3);
  });

  it('scores a perfect partition 1 whatever the cluster ids', () => {
    const s = scorePartition([7, 7, 7, 3, 3, 3], truth);
    expect([s.nmi, s.ari, s.purity, s.topPurity]).toEqual([1, 1, 1, 1]);
  });

  it('counts noise as one cluster for NMI/ARI but leaves it out of purity', () => {
    const s = scorePartition([0, 0, -1, 1, 1, -1], truth);
    expect(s.noiseFraction).toBeCloseTo(2 / 6, 9);
    expect(s.purity).toBe(1);
    expect(s.ari).toBeLessThan(1);
    expect(scorePartition([0, 0, -1, 1, 1, -1], truth).ari).toBeCloseTo(
      scorePartition([0, 0, 2, 1, 1, 2], truth).ari,
      12,
    );
  });

  it('takes the purity of the largest clusters only', () => {
    const labels = [0, 0, 0, 0, 1, 2, 3];
    const t = ['a', 'a', 'a', 'b', 'b', 'a', 'b'];
    const s = scorePartition(labels, t, 2);
    expect(s.top.map((c) => c.size)).toEqual([4, 1]);
    expect(s.topPurity).toBeCloseTo(4 / 5, 9);
    expect(s.top[0]).toEqual({ size: 4, majority: 'a', purity: 0.75 });
  });
});
