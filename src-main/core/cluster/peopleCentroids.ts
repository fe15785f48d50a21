import type { ClusterSnapshot } from './clusterSnapshot.js';
import { squaredDistance } from './vectorMath.js';

/** People considered for merge suggestions: the largest ones (pairs grow with the square of this). */
const MAX_PEOPLE = 2000;

/** Mean descriptor of each person in the snapshot. */
export function peopleCentroids(s: ClusterSnapshot): Map<number, Float32Array> {
  const sums = new Map<number, { sum: Float64Array; count: number }>();
  s.previousPerson.forEach((person, i) => {
    if (person <= 0) return;
    const entry = sums.get(person) ?? { sum: new Float64Array(s.dim), count: 0 };
    for (let d = 0; d < s.dim; d++) entry.sum[d]! += s.vectors[i * s.dim + d]!;
    entry.count += 1;
    sums.set(person, entry);
  });
  const ranked = [...sums.entries()].sort((a, b) => b[1].count - a[1].count || a[0] - b[0]).slice(0, MAX_PEOPLE);
  return new Map(ranked.map(([person, { sum, count }]) => [person, Float32Array.from(sum, (v) => v / count)]));
}

/**
 * The `limit` closest pairs of people by mean descriptor, skipping pairs `excluded` rules out (e.g. two people seen
 * in one photo, who cannot be one person).
 */
export function closestPeoplePairs(
  s: ClusterSnapshot,
  limit: number,
  excluded: (a: number, b: number) => boolean,
): { a: number; b: number; distance: number }[] {
  const centroids = [...peopleCentroids(s).entries()];
  const pairs: { a: number; b: number; distance: number }[] = [];
  for (let i = 0; i < centroids.length; i++) {
    for (let j = i + 1; j < centroids.length; j++) {
      const [a, ca] = centroids[i]!;
      const [b, cb] = centroids[j]!;
      const distance = Math.sqrt(squaredDistance(ca, 0, cb, 0, ca.length));
      pairs.push({ a: Math.min(a, b), b: Math.max(a, b), distance });
    }
  }
  pairs.sort((p, q) => p.distance - q.distance || p.a - q.a || p.b - q.b);
  const chosen: typeof pairs = [];
  for (const pair of pairs) {
    if (chosen.length >= limit) break;
    if (!excluded(pair.a, pair.b)) chosen.push(pair);
  }
  return chosen;
}
