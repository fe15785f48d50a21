/*
 * Incremental assignment: new faces join known people without re-clustering the library. The test is the default
 * clusterer's own merge rule (RMS distance from the face to all the person's faces ≤ threshold), so a face lands
 * where a full re-clustering would most likely have put it; the person's nearest faces (kNN) only propose which
 * people to test. A person is out for a face when they already have a face in that photo (existing or assigned in
 * this call) or the face is cannot-linked to them. Faces nobody takes are clustered among themselves.
 */
import { clusterFaces, DEFAULT_CLUSTER_PARAMS, type ClusterParams } from './clusterFaces.js';
import { knnQuery, type KnnParams } from './knnGraph.js';

export type ExistingFaces = Readonly<{
  dim: number;
  vectors: Float32Array;
  photos: Int32Array;
  /** Person label per face (any non-negative integer the caller uses for a person). */
  persons: Int32Array;
}>;

export type AddedFaces = Readonly<{
  vectors: Float32Array;
  photos: Int32Array;
  /** [added face index, person label]: this face is not this person. */
  cannotLink?: readonly (readonly [number, number])[];
}>;

export type Assignment = Readonly<{ person: number }> | Readonly<{ newCluster: number }>;

export type AssignParams = Readonly<{
  /** Largest RMS distance to a person's faces that still joins them; the clusterer's threshold by default. */
  threshold: number;
  /** Nearest existing faces whose people are tested. */
  neighbours: number;
  knn: Partial<KnnParams>;
  /** For the faces nobody takes. */
  cluster: Partial<ClusterParams>;
}>;

export const DEFAULT_ASSIGN_PARAMS: AssignParams = {
  threshold: DEFAULT_CLUSTER_PARAMS.threshold,
  neighbours: 16,
  knn: {},
  cluster: {},
};

type Candidate = { face: number; person: number; linkage: number };

export function assignNewFaces(
  existing: ExistingFaces,
  added: AddedFaces,
  params: Partial<AssignParams> = {},
): Assignment[] {
  const p = { ...DEFAULT_ASSIGN_PARAMS, ...params };
  const { dim } = existing;
  const n = existing.persons.length;
  const m = added.photos.length;
  if (existing.vectors.length !== n * dim || existing.photos.length !== n || added.vectors.length !== m * dim) {
    throw new RangeError(`assignNewFaces: ${n} existing / ${m} added faces do not match their vectors for dim ${dim}`);
  }
  // Per person: face count, sum of descriptors and of squared norms, for the exact RMS distance to all their faces.
  const personIndex = new Map<number, number>();
  for (let i = 0; i < n; i++)
    if (!personIndex.has(existing.persons[i]!)) personIndex.set(existing.persons[i]!, personIndex.size);
  const people = personIndex.size;
  const sums = new Float64Array(people * dim);
  const squares = new Float64Array(people);
  const sizes = new Int32Array(people);
  for (let i = 0; i < n; i++) {
    const q = personIndex.get(existing.persons[i]!)!;
    sizes[q]!++;
    for (let d = 0; d < dim; d++) {
      const v = existing.vectors[i * dim + d]!;
      sums[q * dim + d]! += v;
      squares[q]! += v * v;
    }
  }
  // People already in each photo that new faces come from, and each face's cannot-links.
  const taken = new Map<number, Set<number>>();
  for (let f = 0; f < m; f++) taken.set(added.photos[f]!, new Set());
  for (let i = 0; i < n; i++) taken.get(existing.photos[i]!)?.add(existing.persons[i]!);
  const refused = new Map<number, Set<number>>();
  for (const [face, person] of added.cannotLink ?? []) {
    const set = refused.get(face) ?? new Set<number>();
    set.add(person);
    refused.set(face, set);
  }

  const candidates: Candidate[] = [];
  if (n > 0 && m > 0) {
    const near = knnQuery(existing.vectors, added.vectors, dim, Math.min(p.neighbours, n), p.knn);
    const limit = p.threshold * p.threshold;
    for (let f = 0; f < m; f++) {
      let own = 0;
      for (let d = 0; d < dim; d++) own += added.vectors[f * dim + d]! ** 2;
      const tested = new Set<number>();
      for (let j = f * near.k; j < f * near.k + near.k; j++) {
        const face = near.indices[j]!;
        if (face < 0 || near.distances[j]! > p.threshold) continue;
        const person = existing.persons[face]!;
        if (tested.has(person) || refused.get(f)?.has(person)) continue;
        tested.add(person);
        const q = personIndex.get(person)!;
        let dot = 0;
        for (let d = 0; d < dim; d++) dot += added.vectors[f * dim + d]! * sums[q * dim + d]!;
        const linkage = own + squares[q]! / sizes[q]! - (2 * dot) / sizes[q]!;
        if (linkage <= limit) candidates.push({ face: f, person, linkage });
      }
    }
  }
  // Surest first, so when two faces of one photo want the same person the nearer one gets them.
  candidates.sort((a, b) => a.linkage - b.linkage || a.face - b.face || a.person - b.person);
  const result: (Assignment | undefined)[] = new Array<Assignment | undefined>(m);
  for (const c of candidates) {
    if (result[c.face]) continue;
    const inPhoto = taken.get(added.photos[c.face]!)!;
    if (inPhoto.has(c.person)) continue;
    inPhoto.add(c.person);
    result[c.face] = { person: c.person };
  }

  const rest: number[] = [];
  for (let f = 0; f < m; f++) if (!result[f]) rest.push(f);
  if (rest.length > 0) {
    const vectors = new Float32Array(rest.length * dim);
    rest.forEach((f, i) => vectors.set(added.vectors.subarray(f * dim, f * dim + dim), i * dim));
    const { labels } = clusterFaces(
      {
        dim,
        vectors,
        photos: Int32Array.from(rest, (f) => added.photos[f]!),
        seeds: new Int32Array(rest.length).fill(-1),
        cannotLink: [],
      },
      p.cluster,
    );
    rest.forEach((f, i) => (result[f] = { newCluster: labels[i]! }));
  }
  return result as Assignment[];
}
