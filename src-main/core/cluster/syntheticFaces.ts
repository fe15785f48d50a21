/*
 * Synthetic descriptors for tests: isotropic Gaussian people around random centres. Same-person distances come out
 * near spread·√(2·dim), centre distances near separation·√(2·dim); the people bench draws more realistic ones.
 */
import { seededRandom } from './random.js';

export type Blobs = Readonly<{ dim: number; vectors: Float32Array; truth: Int32Array; photos: Int32Array }>;

export type BlobOptions = Readonly<{
  people: number;
  facesPerPerson: number;
  dim?: number;
  /** Per-dimension standard deviation of a person's faces around their centre. */
  spread?: number;
  /** Per-dimension standard deviation of the centres. */
  separation?: number;
  seed?: number;
}>;

/** Faces ordered person by person, each in a photo of its own. */
export function gaussianBlobs(options: BlobOptions): Blobs {
  const { people, facesPerPerson, dim = 32, spread = 0.02, separation = 0.2, seed = 1 } = options;
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = people * facesPerPerson;
  const vectors = new Float32Array(n * dim);
  const truth = new Int32Array(n);
  const centre = new Float64Array(dim);
  for (let p = 0; p < people; p++) {
    for (let d = 0; d < dim; d++) centre[d] = separation * normal();
    for (let f = 0; f < facesPerPerson; f++) {
      const i = p * facesPerPerson + f;
      truth[i] = p;
      for (let d = 0; d < dim; d++) vectors[i * dim + d] = centre[d]! + spread * normal();
    }
  }
  return { dim, vectors, truth, photos: Int32Array.from({ length: n }, (_, i) => i) };
}
