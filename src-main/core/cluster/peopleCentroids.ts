import { squaredDistance } from './vectorMath.js';

/** People considered for merge suggestions: the largest ones (pairs grow with the square of this). */
const MAX_PEOPLE = 2000;

/** One face of a person, as merge suggestions read it. */
export type PersonFace = Readonly<{ personId: number; descriptor: Float32Array }>;

/** Mean descriptor of each person (the largest MAX_PEOPLE). */
export function peopleCentroids(faces: Iterable<PersonFace>): Map<number, Float32Array> {
  const sums = new Map<number, { sum: Float64Array; count: number }>();
  for (const { personId, descriptor } of faces) {
    const entry = sums.get(personId) ?? { sum: new Float64Array(descriptor.length), count: 0 };
    for (let d = 0; d < descriptor.length; d++) entry.sum[d]! += descriptor[d]!;
    entry.count += 1;
    sums.set(personId, entry);
  }
  const ranked = [...sums.entries()].sort((a, b) => b[1].count - a[1].count || a[0] - b[0]).slice(0, MAX_PEOPLE);
  return new Map(ranked.map(([person, { sum, count }]) => [person, Float32Array.from(sum, (v) => v / count)]));
}

/**
 * The `limit` closest pairs of people by mean descriptor, skipping pairs `excluded` rules out (e.g. two people seen
 * in one photo, who cannot be one person).
 */
export function closestPeoplePairs(
  faces: Iterable<PersonFace>,
  limit: number,
  excluded: (a: number, b: number) => boolean,
): { a: number; b: number; distance: number }[] {
  const centroids = [...peopleCentroids(faces).entries()];
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
