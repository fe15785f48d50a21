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
