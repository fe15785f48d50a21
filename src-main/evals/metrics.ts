/** ROC AUC of "same" scores being lower (distances): the probability a random same pair is closer than a different one. */
export function rocAucLowerIsPositive(positives: readonly number[], negatives: readonly number[]): number {
  // Mann-Whitney U over the merged ranks, ties counted half.
  const all = [...positives.map((v) => ({ v, p: true })), ...negatives.map((v) => ({ v, p: false }))].sort(
    (a, b) => a.v - b.v,
  );
  let rankSumPositives = 0;
  for (let i = 0; i < all.length;) {
    let j = i;
    while (j < all.length && all[j]!.v === all[i]!.v) j++;
    const meanRank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k]!.p) rankSumPositives += meanRank;
    i = j;
  }
  const n1 = positives.length;
  const n2 = negatives.length;
  const u = rankSumPositives - (n1 * (n1 + 1)) / 2;
  return 1 - u / (n1 * n2);
}

export type ThresholdResult = Readonly<{ threshold: number; balancedAccuracy: number; tpr: number; tnr: number }>;

/** The distance threshold maximising balanced accuracy ((TPR + TNR) / 2), same = distance ≤ threshold. */
export function bestThreshold(positives: readonly number[], negatives: readonly number[]): ThresholdResult {
  const pos = [...positives].sort((a, b) => a - b);
  const neg = [...negatives].sort((a, b) => a - b);
  const candidates = [...new Set([...pos, ...neg])].sort((a, b) => a - b);
  let best: ThresholdResult = { threshold: 0, balancedAccuracy: 0, tpr: 0, tnr: 1 };
  let ip = 0;
  let ineg = 0;
  for (const t of candidates) {
    while (ip < pos.length && pos[ip]! <= t) ip++;
    while (ineg < neg.length && neg[ineg]! <= t) ineg++;
    const tpr = ip / pos.length;
    const tnr = 1 - ineg / neg.length;
    const balancedAccuracy = (tpr + tnr) / 2;
    if (balancedAccuracy > best.balancedAccuracy) best = { threshold: t, balancedAccuracy, tpr, tnr };
  }
  return best;
}

export function rateAtOrBelow(values: readonly number[], threshold: number): number {
  return values.filter((v) => v <= threshold).length / values.length;
}

export function euclidean(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = a[i]! - b[i]!;
    sum += d * d;
  }
  return Math.sqrt(sum);
}

/** The evals pick their samples with the clustering's seeded PRNG, so every run picks the same. */
export { seededRandom } from '../core/cluster/random.js';

/**
 * Leave-one-out retrieval precision: per row, the share of its k nearest other rows (Euclidean) with its label,
 * averaged. It scores a descriptor apart from any clustering.
 */
export function precisionAtK(vectors: Float32Array, dim: number, labels: readonly string[], k: number): number {
  const n = labels.length;
  if (vectors.length !== n * dim) throw new RangeError(`${vectors.length} values for ${n} rows of ${dim}`);
  if (n < 2) return 0;
  let sum = 0;
  const order = Array.from({ length: n }, (_, i) => i);
  for (let q = 0; q < n; q++) {
    const distance = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let d = 0; d < dim; d++) {
        const diff = vectors[q * dim + d]! - vectors[j * dim + d]!;
        s += diff * diff;
      }
      distance[j] = s;
    }
    const nearest = order
      .filter((j) => j !== q)
      .sort((a, b) => distance[a]! - distance[b]! || a - b)
      .slice(0, k);
    sum += nearest.filter((j) => labels[j] === labels[q]).length / nearest.length;
  }
  return sum / n;
}
