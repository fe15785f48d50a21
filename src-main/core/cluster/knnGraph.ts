/*
 * Approximate k-nearest-neighbour graph over descriptors, so clustering costs near n log n instead of n².
 * A random-projection forest gives a first guess (faces in one leaf are near each other), NN-descent refines it
 * ("a neighbour of my neighbour is likely my neighbour", Dong et al. 2011, as in pynndescent). Seeded, so the same
 * input gives the same graph. Faces are first reordered along one tree's leaves so near faces sit near in memory.
 */
import type { KnnGraph } from './clusterTypes.js';
import { CandidateSamples, NeighbourHeaps } from './neighbourHeaps.js';
import { seededRandom } from './random.js';
import { buildRpTree, rpTreeLeaf } from './rpTree.js';
import { SimdRows } from './simdRows.js';
import { squaredDistance } from './vectorMath.js';

export type KnnParams = Readonly<{
  /** Neighbours kept per face. */
  k: number;
  /** Random-projection trees for the first guess; more trees, better start, fewer refinement rounds. */
  trees: number;
  /** Faces per leaf: all pairs inside a leaf are compared. */
  leafSize: number;
  /** NN-descent rounds at most; it stops earlier once a round improves under `delta` of all k·n slots. */
  maxIterations: number;
  delta: number;
  /** Neighbours sampled per face and round for the local join (pynndescent's max_candidates). */
  maxCandidates: number;
  seed: number;
  /** Below this many faces the exact graph is cheaper than building a forest: compare all pairs. */
  exactBelow: number;
}>;

/*
 * k = 10 with 4 trees of 32 faces, then NN-descent with pynndescent's max_candidates = k until a round changes under
 * 1% of the slots: 0.95 recall of the exact graph at 10k synthetic faces, 0.84 at 100k (people bench). The clusterer
 * compares whole clusters and adds the pairs the graph missed from cluster centres, so it needs less: at 100k,
 * k = 16 / 8 trees / max_candidates 16 took twice the CPU time (19.8 s vs 10.5 s, with scalar distances) for pairwise
 * F1 0.983 vs 0.980 and BCubed F1 0.967 vs 0.954. 2,000 faces compare 2M pairs exactly in under a second.
 */
export const DEFAULT_KNN_PARAMS: KnnParams = {
  k: 10,
  trees: 4,
  leafSize: 32,
  maxIterations: 10,
  delta: 0.01,
  maxCandidates: 10,
  seed: 0x5eed,
  exactBelow: 2000,
};

export type KnnBuildStats = Readonly<{ iterations: number; distanceEvaluations: number; exact: boolean }>;

/** Exact graph by comparing every pair: the baseline, and the cheaper choice for small n. */
export function exactKnnGraph(vectors: Float32Array, dim: number, k: number): KnnGraph {
  const n = vectors.length / dim;
  const heaps = new NeighbourHeaps(n, k);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      const d = squaredDistance(vectors, a, vectors, b, dim);
      heaps.push(a, b, d, 0);
      heaps.push(b, a, d, 0);
    }
  }
  return heaps.toGraph((row, id) => squaredDistance(vectors, row, vectors, id, dim));
}

/** The k-nearest-neighbour graph: exact below params.exactBelow faces, else RP forest + NN-descent. */
export function buildKnnGraph(
  vectors: Float32Array,
  dim: number,
  params: Partial<KnnParams> = {},
): KnnGraph & { stats: KnnBuildStats } {
  const p = { ...DEFAULT_KNN_PARAMS, ...params };
  const n = vectors.length / dim;
  if (n < p.exactBelow) {
    const evaluations = (n * (n - 1)) / 2;
    return {
      ...exactKnnGraph(vectors, dim, p.k),
      stats: { iterations: 0, distanceEvaluations: evaluations, exact: true },
    };
  }
  const random = seededRandom(p.seed);
  // At 100k faces the descriptors outgrow the CPU caches: reorder them along one tree's leaves so near faces are
  // near in memory.
  const order = buildRpTree(vectors, dim, p.leafSize, random).perm;
  const local = new SimdRows(n, dim);
  for (let i = 0; i < n; i++) local.setRow(i, vectors, order[i]!);
  const { heaps, stats } = nnDescent(local, p, random);
  const graph = heaps.toGraph((row, id) => squaredDistance(local.data, row, local.data, id, local.stride));
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]!] = i;
  const k = p.k;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const from = rank[i]! * k;
    for (let j = 0; j < k; j++) {
      const id = graph.indices[from + j]!;
      indices[i * k + j] = id < 0 ? -1 : order[id]!;
      distances[i * k + j] = graph.distances[from + j]!;
    }
  }
  return { n, k, indices, distances, stats };
}

function nnDescent(
  rows: SimdRows,
  p: KnnParams,
  random: () => number,
): { heaps: NeighbourHeaps; stats: KnnBuildStats } {
  const n = rows.rows;
  const k = p.k;
  const heaps = new NeighbourHeaps(n, k);
  let evaluations = 0;
  for (let t = 0; t < p.trees; t++) {
    const tree = buildRpTree(rows.data, rows.stride, p.leafSize, random);
    for (let node = 0; node < tree.left.length; node++) {
      if (tree.left[node]! >= 0) continue;
      const s = tree.start[node]!;
      const e = tree.end[node]!;
      for (let i = s; i < e; i++) {
        const a = tree.perm[i]!;
        for (let j = i + 1; j < e; j++) {
          const b = tree.perm[j]!;
          const d = rows.distanceWithin(a, b, Math.max(heaps.bound(a), heaps.bound(b)));
          heaps.push(a, b, d, 1);
          heaps.push(b, a, d, 1);
        }
      }
      evaluations += ((e - s) * (e - s - 1)) / 2;
    }
  }
  const size = p.maxCandidates;
  const newSamples = new CandidateSamples(n, size);
  const oldSamples = new CandidateSamples(n, size);
  const { ids, isNew } = heaps;
  let iterations = 0;
  while (iterations < p.maxIterations) {
    iterations++;
    newSamples.clear();
    oldSamples.clear();
    // Forward and reverse neighbours, new ones (not yet joined) apart from old ones.
    for (let a = 0; a < n; a++) {
      for (let j = a * k; j < a * k + k; j++) {
        const b = ids[j]!;
        if (b < 0) continue;
        const pr = random();
        const samples = isNew[j] ? newSamples : oldSamples;
        samples.push(a, b, pr);
        samples.push(b, a, pr);
      }
    }
    for (let a = 0; a < n; a++) {
      for (let j = a * k; j < a * k + k; j++) if (isNew[j] && newSamples.has(a, ids[j]!)) isNew[j] = 0;
    }
    // Local join: compare new candidates with each other and with old ones.
    let updates = 0;
    const nIds = newSamples.ids;
    const oIds = oldSamples.ids;
    for (let a = 0; a < n; a++) {
      const base = a * size;
      for (let i = base; i < base + size; i++) {
        const u = nIds[i]!;
        if (u < 0) continue;
        for (let j = i + 1; j < base + size; j++) {
          const v = nIds[j]!;
          if (v < 0) continue;
          const d = rows.distanceWithin(u, v, Math.max(heaps.bound(u), heaps.bound(v)));
          updates += heaps.push(u, v, d, 1) + heaps.push(v, u, d, 1);
        }
        for (let j = base; j < base + size; j++) {
          const v = oIds[j]!;
          if (v < 0 || v === u) continue;
          const d = rows.distanceWithin(u, v, Math.max(heaps.bound(u), heaps.bound(v)));
          updates += heaps.push(u, v, d, 1) + heaps.push(v, u, d, 1);
        }
      }
    }
    evaluations += countJoinPairs(nIds, oIds, n, size);
    if (updates <= p.delta * n * k) break;
  }
  return { heaps, stats: { iterations, distanceEvaluations: evaluations, exact: false } };
}

/** Pairs one local join compares (new × new, new × old), counted apart so the join loop stays tight. */
function countJoinPairs(nIds: Int32Array, oIds: Int32Array, n: number, size: number): number {
  let pairs = 0;
  for (let a = 0; a < n; a++) {
    let fresh = 0;
    let old = 0;
    for (let i = a * size; i < a * size + size; i++) {
      if (nIds[i]! >= 0) fresh++;
      if (oIds[i]! >= 0) old++;
    }
    pairs += (fresh * (fresh - 1)) / 2 + fresh * old;
  }
  return pairs;
}

/** Share of the exact graph's neighbours the approximate graph found (k-NN recall). */
export function knnRecall(approx: KnnGraph, exact: KnnGraph): number {
  let found = 0;
  let total = 0;
  for (let i = 0; i < exact.n; i++) {
    for (let j = 0; j < exact.k; j++) {
      const id = exact.indices[i * exact.k + j]!;
      if (id < 0) continue;
      total++;
      for (let m = 0; m < approx.k; m++) {
        if (approx.indices[i * approx.k + m] === id) {
          found++;
          break;
        }
      }
    }
  }
  return total === 0 ? 1 : found / total;
}

/** knnRecall over `samples` faces picked at random, their exact neighbours found by brute force (n² is too slow). */
export function sampledKnnRecall(
  vectors: Float32Array,
  dim: number,
  graph: KnnGraph,
  samples: number,
  seed: number,
): number {
  const n = graph.n;
  const k = graph.k;
  const random = seededRandom(seed);
  const exact = new NeighbourHeaps(samples, k);
  const rows = new Int32Array(samples);
  for (let s = 0; s < samples; s++) {
    const q = Math.floor(random() * n);
    rows[s] = q;
    for (let b = 0; b < n; b++) if (b !== q) exact.push(s, b, squaredDistance(vectors, q, vectors, b, dim), 0);
  }
  const picked: KnnGraph = {
    n: samples,
    k,
    indices: Int32Array.from({ length: samples * k }, (_, j) => graph.indices[rows[Math.floor(j / k)]! * k + (j % k)]!),
    distances: new Float32Array(samples * k),
  };
  return knnRecall(
    picked,
    exact.toGraph(() => 0),
  );
}

/**
 * k nearest base rows of each query row (for assigning new faces to known ones): exact while base × queries is
 * small, else the union of the leaves each query reaches in a forest over base.
 */
export function knnQuery(
  base: Float32Array,
  queries: Float32Array,
  dim: number,
  k: number,
  params: Partial<KnnParams> = {},
): KnnGraph {
  const p = { ...DEFAULT_KNN_PARAMS, ...params };
  const nb = base.length / dim;
  const nq = queries.length / dim;
  const heaps = new NeighbourHeaps(nq, k);
  const exactDistance = (q: number, b: number) => squaredDistance(queries, q, base, b, dim);
  if (nb * nq <= p.exactBelow * p.exactBelow) {
    for (let q = 0; q < nq; q++) for (let b = 0; b < nb; b++) heaps.push(q, b, exactDistance(q, b), 0);
    return heaps.toGraph(exactDistance);
  }
  const random = seededRandom(p.seed);
  for (let t = 0; t < p.trees; t++) {
    const tree = buildRpTree(base, dim, p.leafSize, random);
    for (let q = 0; q < nq; q++) {
      const leaf = rpTreeLeaf(tree, queries, q, dim);
      for (let i = tree.start[leaf]!; i < tree.end[leaf]!; i++)
        heaps.push(q, tree.perm[i]!, exactDistance(q, tree.perm[i]!), 0);
    }
  }
  return heaps.toGraph(exactDistance);
}
