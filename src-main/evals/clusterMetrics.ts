/*
 * Scores of a clustering against known people, over the labeled faces only (unlabeled faces may be clustered but
 * are not scored). Pairwise: precision/recall of "same cluster" over all pairs of labeled faces. BCubed (Bagga &
 * Baldwin 1998): per face, the share of its cluster that is its person (precision) and of its person that is in its
 * cluster (recall), averaged over faces; unlike pairwise it does not let the largest people dominate.
 */

export type PrecisionRecall = Readonly<{ precision: number; recall: number; f1: number }>;

export type ClusterScores = Readonly<{
  faces: number;
  pairwise: PrecisionRecall;
  bcubed: PrecisionRecall;
  /** Distinct cluster labels among labeled faces (a face alone counts as one). */
  clusters: number;
  /** Distinct people among labeled faces. */
  people: number;
  clustersPerPerson: number;
}>;

const f1 = (precision: number, recall: number) =>
  precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
const pairs = (c: number) => (c * (c - 1)) / 2;

/** truth[i] null = unlabeled face, left out of every figure. */
export function scoreClustering(labels: ArrayLike<number>, truth: ArrayLike<string | number | null>): ClusterScores {
  if (labels.length !== truth.length) throw new RangeError(`${labels.length} labels for ${truth.length} truths`);
  const personIds = new Map<string | number, number>();
  const clusterSize = new Map<number, number>();
  const personSize = new Map<number, number>();
  const both = new Map<number, number>();
  const faces: { cluster: number; person: number }[] = [];
  for (let i = 0; i < labels.length; i++) {
    const t = truth[i];
    if (t === null || t === undefined) continue;
    let person = personIds.get(t);
    if (person === undefined) {
      person = personIds.size;
      personIds.set(t, person);
    }
    const cluster = labels[i]!;
    faces.push({ cluster, person });
    clusterSize.set(cluster, (clusterSize.get(cluster) ?? 0) + 1);
    personSize.set(person, (personSize.get(person) ?? 0) + 1);
  }
  const people = personIds.size;
  for (const { cluster, person } of faces) {
    const key = cluster * people + person;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  let truePairs = 0;
  for (const c of both.values()) truePairs += pairs(c);
  let clusteredPairs = 0;
  for (const c of clusterSize.values()) clusteredPairs += pairs(c);
  let samePersonPairs = 0;
  for (const c of personSize.values()) samePersonPairs += pairs(c);
  let bPrecision = 0;
  let bRecall = 0;
  for (const { cluster, person } of faces) {
    const shared = both.get(cluster * people + person)!;
    bPrecision += shared / clusterSize.get(cluster)!;
    bRecall += shared / personSize.get(person)!;
  }
  const pPrecision = clusteredPairs === 0 ? 1 : truePairs / clusteredPairs;
  const pRecall = samePersonPairs === 0 ? 1 : truePairs / samePersonPairs;
  const count = faces.length;
  const bp = count === 0 ? 1 : bPrecision / count;
  const br = count === 0 ? 1 : bRecall / count;
  return {
    faces: count,
    pairwise: { precision: pPrecision, recall: pRecall, f1: f1(pPrecision, pRecall) },
    bcubed: { precision: bp, recall: br, f1: f1(bp, br) },
    clusters: clusterSize.size,
    people,
    clustersPerPerson: people === 0 ? 0 : clusterSize.size / people,
  };
}

/**
 * Scores of a flat partition against class labels (scenes): normalised mutual information (arithmetic-mean
 * normalisation, as scikit-learn's default), adjusted Rand index (Hubert & Arabie 1985), purity (share of items whose
 * cluster's majority class is their own) over the clustered items, and the purity of the `top` largest clusters.
 * Noise (label < 0) counts as one more cluster for NMI and ARI, as scikit-learn scores DBSCAN's −1, so leaving a
 * photo out costs; purity is over clustered items only and noiseFraction says how many were left out.
 */
export type PartitionScores = Readonly<{
  items: number;
  classes: number;
  clusters: number;
  noiseFraction: number;
  nmi: number;
  ari: number;
  purity: number;
  topPurity: number;
  /** Sizes of the top clusters, largest first, with each one's majority class. */
  top: readonly Readonly<{ size: number; majority: string; purity: number }>[];
}>;

export function scorePartition(labels: ArrayLike<number>, truth: readonly string[], top = 5): PartitionScores {
  const n = truth.length;
  if (labels.length !== n) throw new RangeError(`${labels.length} labels for ${truth.length} truths`);
  const classIds = new Map<string, number>();
  for (const t of truth) if (!classIds.has(t)) classIds.set(t, classIds.size);
  const classNames = [...classIds.keys()];
  const NOISE = -1;
  const cells = new Map<number, Map<number, number>>();
  for (let i = 0; i < n; i++) {
    const cluster = labels[i]! < 0 ? NOISE : labels[i]!;
    const row = cells.get(cluster) ?? new Map<number, number>();
    const cls = classIds.get(truth[i]!)!;
    row.set(cls, (row.get(cls) ?? 0) + 1);
    cells.set(cluster, row);
  }
  const classSize = new Float64Array(classIds.size);
  for (const t of truth) classSize[classIds.get(t)!]!++;
  const clusterSize = new Map<number, number>();
  for (const [c, row] of cells)
    clusterSize.set(
      c,
      [...row.values()].reduce((a, b) => a + b, 0),
    );

  let mutual = 0;
  let sumPairsCells = 0;
  for (const [c, row] of cells) {
    for (const [k, count] of row) {
      mutual += (count / n) * Math.log((n * count) / (clusterSize.get(c)! * classSize[k]!));
      sumPairsCells += pairs(count);
    }
  }
  const entropy = (sizes: Iterable<number>) => {
    let h = 0;
    for (const s of sizes) if (s > 0) h -= (s / n) * Math.log(s / n);
    return h;
  };
  const hClusters = entropy(clusterSize.values());
  const hClasses = entropy(classSize);
  const nmi = hClusters + hClasses === 0 ? 1 : (2 * mutual) / (hClusters + hClasses);
  let sumPairsClusters = 0;
  for (const s of clusterSize.values()) sumPairsClusters += pairs(s);
  let sumPairsClasses = 0;
  for (const s of classSize) sumPairsClasses += pairs(s);
  const expected = (sumPairsClusters * sumPairsClasses) / Math.max(1, pairs(n));
  const maxIndex = (sumPairsClusters + sumPairsClasses) / 2;
  const ari = maxIndex === expected ? 1 : (sumPairsCells - expected) / (maxIndex - expected);

  const ranked = [...cells.entries()]
    .filter(([c]) => c !== NOISE)
    .map(([c, row]) => {
      let majority = 0;
      let best = -1;
      for (const [k, count] of row) if (count > best || (count === best && k < majority)) [majority, best] = [k, count];
      return { cluster: c, size: clusterSize.get(c)!, majorityCount: best, majority };
    })
    .sort((a, b) => b.size - a.size || a.cluster - b.cluster);
  const clustered = ranked.reduce((s, r) => s + r.size, 0);
  const purity = clustered === 0 ? 0 : ranked.reduce((s, r) => s + r.majorityCount, 0) / clustered;
  const head = ranked.slice(0, top);
  const headSize = head.reduce((s, r) => s + r.size, 0);
  return {
    items: n,
    classes: classIds.size,
    clusters: ranked.length,
    noiseFraction: (n - clustered) / Math.max(1, n),
    nmi,
    ari,
    purity,
    topPurity: headSize === 0 ? 0 : head.reduce((s, r) => s + r.majorityCount, 0) / headSize,
    top: head.map((r) => ({ size: r.size, majority: classNames[r.majority]!, purity: r.majorityCount / r.size })),
  };
}
