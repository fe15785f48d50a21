/*
 * `npm run bench -- people`: face clustering at library scale on synthetic descriptors (10k, 100k, 300k faces).
 * Per size: seconds for the kNN graph and for clustering, peak RSS / heap, pairwise F1 against the synthetic truth,
 * and the growth exponent of time vs n. Baseline in the same run: the exact brute-force kNN graph at 10k (its time,
 * and the approximate graph's recall against it).
 */
import { seededRandom } from '../core/cluster/random.js';

/*
 * How the synthetic descriptors are made (so their distances look like dlib's on real photos):
 * from /work/data/faces-descriptors.json (1,084 real faces, 289 labeled people) we took the eigenvalues of the
 * within-person covariance (residuals from each person's mean, people with ≥ 2 faces) and of the between-person
 * covariance (covariance of person means minus the within part each mean still carries). Every 4th eigenvalue is
 * kept below and interpolated log-linearly in between. Distances are rotation-invariant, so a centre is drawn as
 * √B ⊙ z and a face as centre + s_person · s_face · √W ⊙ z'; s_person is log-normal with σ 0.11 (the spread of
 * people's RMS radius in the dump), s_face log-normal σ 0.05 (matches the dump's same-person tails best).
 * Real vs synthetic distance quantiles are in REAL_QUANTILES and printed beside the synthetic ones.
 */
const WITHIN_EIGENVALUES = [
  0.00329, 0.00269, 0.00237, 0.00209, 0.00184, 0.00168, 0.00152, 0.00137, 0.00129, 0.00115, 0.00104, 0.000943, 0.000855,
  0.000755, 0.000678, 0.000578, 0.000488, 0.000402, 0.000291, 8.92e-5,
];
const BETWEEN_EIGENVALUES = [
  0.0324, 0.0107, 0.00794, 0.00543, 0.0042, 0.00353, 0.00273, 0.00232, 0.00175, 0.0015, 0.0012, 0.000928, 0.000698,
  0.000543, 0.000362, 0.000205, 8.66e-5, 4.37e-6,
];
const KNOT_STEP = 4;
const FLOOR = 1e-7;
const PERSON_SPREAD_SIGMA = 0.11;
const FACE_SPREAD_SIGMA = 0.05;

/** Distance quantiles of the real dump's labeled faces (same person: 3,392 pairs; different: 463,669 pairs). */
export const REAL_QUANTILES = {
  quantiles: [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99],
  samePerson: [0.27, 0.314, 0.381, 0.43, 0.483, 0.565, 0.621],
  differentPeople: [0.613, 0.674, 0.759, 0.822, 0.886, 0.973, 1.031],
};

function spectrum(knots: readonly number[], dim: number): Float64Array {
  const out = new Float64Array(dim);
  for (let i = 0; i < dim; i++) {
    const at = i / KNOT_STEP;
    const lo = Math.floor(at);
    const a = Math.log(knots[lo] ?? FLOOR);
    const b = Math.log(knots[lo + 1] ?? FLOOR);
    out[i] = Math.exp(a + (b - a) * (at - lo));
  }
  return out;
}

function gaussian(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u = 1 - random();
    const v = random();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

export type SyntheticLibrary = Readonly<{
  dim: number;
  vectors: Float32Array;
  photos: Int32Array;
  /** True identity per face. */
  truth: Int32Array;
  identities: number;
  singletons: number;
  facesInGroupPhotos: number;
}>;

/**
 * n faces: 8% strangers seen once, the rest in people of log-normal size (median 6, a few hundred at most, like a
 * family library); 15% of faces sit in group photos of 2-6 different people.
 */
export function syntheticLibrary(n: number, seed: number): SyntheticLibrary {
  const dim = 128;
  const random = seededRandom(seed);
  const normal = gaussian(random);
  const within = spectrum(WITHIN_EIGENVALUES, dim).map(Math.sqrt);
  const between = spectrum(BETWEEN_EIGENVALUES, dim).map(Math.sqrt);
  const truth = new Int32Array(n);
  let identities = 0;
  let singletons = 0;
  for (let i = 0; i < n;) {
    const size = random() < 0.08 ? 1 : Math.min(n - i, Math.max(2, Math.round(Math.exp(Math.log(6) + 1.3 * normal()))));
    if (size === 1) singletons++;
    truth.fill(identities++, i, i + size);
    i += size;
  }
  const vectors = new Float32Array(n * dim);
  const centre = new Float64Array(dim);
  let spread = 1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || truth[i] !== truth[i - 1]) {
      for (let d = 0; d < dim; d++) centre[d] = between[d]! * normal();
      spread = Math.exp(PERSON_SPREAD_SIGMA * normal());
    }
    const s = spread * Math.exp(FACE_SPREAD_SIGMA * normal());
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centre[d]! + s * within[d]! * normal();
  }
  // Shuffle faces, then group some consecutive faces of different people into one photo.
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  const shuffled = new Float32Array(n * dim);
  const shuffledTruth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    shuffled.set(vectors.subarray(order[i]! * dim, order[i]! * dim + dim), i * dim);
    shuffledTruth[i] = truth[order[i]!]!;
  }
  const photos = new Int32Array(n);
  let photo = 0;
  let facesInGroupPhotos = 0;
  for (let i = 0; i < n;) {
    let g = random() < 0.05 ? 2 + Math.floor(random() * 5) : 1;
    g = Math.min(g, n - i);
    const people = new Set<number>();
    for (let j = i; j < i + g; j++) people.add(shuffledTruth[j]!);
    if (people.size < g) g = 1;
    photos.fill(photo++, i, i + g);
    if (g > 1) facesInGroupPhotos += g;
    i += g;
  }
  return { dim, vectors: shuffled, photos, truth: shuffledTruth, identities, singletons, facesInGroupPhotos };
}
