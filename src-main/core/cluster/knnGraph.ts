/*
 * Approximate k-nearest-neighbour graph over descriptors, so clustering costs near n log n instead of n².
 * A random-projection forest gives a first guess (faces in one leaf are near each other), NN-descent refines it
 * ("a neighbour of my neighbour is likely my neighbour", Dong et al. 2011, as in pynndescent). Everything is seeded,
 * so the same input gives the same graph. Flat typed arrays only: neighbour heaps are k slots per face.
 */
import type { KnnGraph } from './clusterTypes.js';
import { seededRandom } from './random.js';

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
 * k = 16: a face's neighbours reach past its first few same-person faces, so the clusterer sees enough candidate
 * pairs; 8 trees of 32 faces then 2-4 NN-descent rounds reach ~0.99 recall of the exact graph on synthetic
 * descriptors (see the people bench), pynndescent's delta 0.001 and max_candidates = k. 2,000 faces compare 2M pairs
 * exactly in well under a second.
 */
export const DEFAULT_KNN_PARAMS: KnnParams = {
  k: 16,
  trees: 8,
  leafSize: 32,
  maxIterations: 10,
  delta: 0.001,
  maxCandidates: 16,
  seed: 0x5eed,
  exactBelow: 2000,
};

/** Squared Euclidean distance between row a of x and row b of y. */
export function squaredDistance(x: Float32Array, a: number, y: Float32Array, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = a * dim;
  let j = b * dim;
  const end4 = i + (dim & ~3);
  for (; i < end4; i += 4, j += 4) {
    const d0 = x[i]! - y[j]!;
    const d1 = x[i + 1]! - y[j + 1]!;
    const d2 = x[i + 2]! - y[j + 2]!;
    const d3 = x[i + 3]! - y[j + 3]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  const end = a * dim + dim;
  for (; i < end; i++, j++) {
    const d = x[i]! - y[j]!;
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

/** normal · row r of x. */
function dotWithRow(normal: Float32Array, x: Float32Array, r: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = r * dim;
  let i = 0;
  const end4 = dim & ~3;
  for (; i < end4; i += 4, j += 4) {
    s0 += normal[i]! * x[j]!;
    s1 += normal[i + 1]! * x[j + 1]!;
    s2 += normal[i + 2]! * x[j + 2]!;
    s3 += normal[i + 3]! * x[j + 3]!;
  }
  for (; i < dim; i++, j++) s0 += normal[i]! * x[j]!;
  return s0 + s1 + s2 + s3;
}

/** k slots per row kept as a max-heap on distance (root = worst kept neighbour), plus a "new" flag per slot. */
class NeighbourHeaps {
  readonly ids: Int32Array;
  readonly dist: Float32Array;
  readonly isNew: Uint8Array;

  constructor(
    readonly rows: number,
    readonly k: number,
  ) {
    this.ids = new Int32Array(rows * k).fill(-1);
    this.dist = new Float32Array(rows * k).fill(Infinity);
    this.isNew = new Uint8Array(rows * k);
  }

  /** Keeps id in row if nearer than the worst kept one and not already there; 1 when kept. */
  push(row: number, id: number, d: number, isNew: number): number {
    const k = this.k;
    const base = row * k;
    const dist = this.dist;
    const ids = this.ids;
    if (d >= dist[base]!) return 0;
    for (let j = base; j < base + k; j++) if (ids[j] === id) return 0;
    // Replace the root and sift down.
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && dist[base + r]! > dist[base + l]! ? r : l;
      if (dist[base + c]! <= d) break;
      dist[base + pos] = dist[base + c]!;
      ids[base + pos] = ids[base + c]!;
      this.isNew[base + pos] = this.isNew[base + c]!;
      pos = c;
    }
    dist[base + pos] = d;
    ids[base + pos] = id;
    this.isNew[base + pos] = isNew;
    return 1;
  }

  /** Rows sorted nearest first, distances made Euclidean. */
  toGraph(): KnnGraph {
    const { k, ids, dist } = this;
    for (let r = 0; r < this.rows; r++) {
      const base = r * k;
      for (let a = base + 1; a < base + k; a++) {
        const d = dist[a]!;
        const id = ids[a]!;
        let b = a - 1;
        while (b >= base && dist[b]! > d) {
          dist[b + 1] = dist[b]!;
          ids[b + 1] = ids[b]!;
          b--;
        }
        dist[b + 1] = d;
        ids[b + 1] = id;
      }
    }
    for (let i = 0; i < dist.length; i++) dist[i] = Math.sqrt(dist[i]!);
    return { n: this.rows, k, indices: ids, distances: dist };
  }
}

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
  return heaps.toGraph();
}

/** One random-projection tree: perm holds face indices so each leaf is a contiguous range. */
export type RpTree = Readonly<{
  perm: Int32Array;
  /** Per node: children (-1 for a leaf), leaf range in perm, splitting hyperplane. */
  left: Int32Array;
  right: Int32Array;
  start: Int32Array;
  end: Int32Array;
  normals: Float32Array;
  offsets: Float64Array;
}>;

export function buildRpTree(vectors: Float32Array, dim: number, leafSize: number, random: () => number): RpTree {
  const n = vectors.length / dim;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const left: number[] = [];
  const right: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  const offsets: number[] = [];
  const normals: Float32Array[] = [];
  const side = new Uint8Array(n);
  const scratch = new Int32Array(n);
  const normal = new Float32Array(dim);
  const newNode = (s: number, e: number): number => {
    left.push(-1);
    right.push(-1);
    start.push(s);
    end.push(e);
    offsets.push(0);
    normals.push(normal.subarray(0, 0));
    return left.length - 1;
  };
  const stack = [newNode(0, n)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const s = start[node]!;
    const e = end[node]!;
    if (e - s <= leafSize) continue;
    const count = e - s;
    const pi = Math.floor(random() * count);
    let qi = Math.floor(random() * (count - 1));
    if (qi >= pi) qi++;
    const p = perm[s + pi]!;
    const q = perm[s + qi]!;
    // Hyperplane halfway between p and q, perpendicular to p - q.
    let offset = 0;
    for (let d = 0; d < dim; d++) {
      const a = vectors[p * dim + d]!;
      const b = vectors[q * dim + d]!;
      normal[d] = a - b;
      offset += (a - b) * ((a + b) / 2);
    }
    let rightCount = 0;
    for (let i = s; i < e; i++) {
      const m = dotWithRow(normal, vectors, perm[i]!, dim) - offset;
      const goesRight = m > 0 || (m === 0 && random() < 0.5) ? 1 : 0;
      side[i] = goesRight;
      rightCount += goesRight;
    }
    let mid: number;
    if (rightCount === 0 || rightCount === count) {
      // Identical descriptors cannot be split by a plane: halve the range as it is.
      mid = s + (count >> 1);
    } else {
      let l = s;
      let r = s + count - rightCount;
      mid = r;
      for (let i = s; i < e; i++) scratch[side[i] ? r++ : l++] = perm[i]!;
      perm.set(scratch.subarray(s, e), s);
      normals[node] = normal.slice();
      offsets[node] = offset;
    }
    const l = newNode(s, mid);
    const r = newNode(mid, e);
    left[node] = l;
    right[node] = r;
    stack.push(r, l);
  }
  const planes = new Float32Array(left.length * dim);
  for (let i = 0; i < normals.length; i++) if (normals[i]!.length === dim) planes.set(normals[i]!, i * dim);
  return {
    perm,
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    start: Int32Array.from(start),
    end: Int32Array.from(end),
    normals: planes,
    offsets: Float64Array.from(offsets),
  };
}

/** The leaf node a query row falls into. */
export function rpTreeLeaf(tree: RpTree, query: Float32Array, row: number, dim: number): number {
  let node = 0;
  while (tree.left[node]! >= 0) {
    const m = dotWithRow(tree.normals.subarray(node * dim, node * dim + dim), query, row, dim) - tree.offsets[node]!;
    // A plane-less node (identical descriptors) was halved: any side holds equally near faces.
    node = m > 0 ? tree.right[node]! : tree.left[node]!;
  }
  return node;
}

/** Random candidate samples per row: a max-heap on a random priority keeps a uniform sample of at most `size`. */
class CandidateSamples {
  readonly ids: Int32Array;
  readonly priority: Float32Array;

  constructor(
    rows: number,
    readonly size: number,
  ) {
    this.ids = new Int32Array(rows * size);
    this.priority = new Float32Array(rows * size);
  }

  clear(): void {
    this.ids.fill(-1);
    this.priority.fill(Infinity);
  }

  push(row: number, id: number, p: number): void {
    const size = this.size;
    const base = row * size;
    const pr = this.priority;
    const ids = this.ids;
    if (p >= pr[base]!) return;
    for (let j = base; j < base + size; j++) if (ids[j] === id) return;
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && pr[base + r]! > pr[base + l]! ? r : l;
      if (pr[base + c]! <= p) break;
      pr[base + pos] = pr[base + c]!;
      ids[base + pos] = ids[base + c]!;
      pos = c;
    }
    pr[base + pos] = p;
    ids[base + pos] = id;
  }

  has(row: number, id: number): boolean {
    const base = row * this.size;
    for (let j = base; j < base + this.size; j++) if (this.ids[j] === id) return true;
    return false;
  }
}

export type KnnBuildStats = Readonly<{ iterations: number; distanceEvaluations: number; exact: boolean }>;

/** The k-nearest-neighbour graph: exact below params.exactBelow faces, else RP forest + NN-descent. */
export function buildKnnGraph(
  vectors: Float32Array,
  dim: number,
  params: Partial<KnnParams> = {},
): KnnGraph & { stats: KnnBuildStats } {
  const p = { ...DEFAULT_KNN_PARAMS, ...params };
  const n = vectors.length / dim;
  const k = p.k;
  if (n < p.exactBelow) {
    return {
      ...exactKnnGraph(vectors, dim, k),
      stats: { iterations: 0, distanceEvaluations: (n * (n - 1)) / 2, exact: true },
    };
  }
  const random = seededRandom(p.seed);
  // Reorder faces along one tree's leaves so near faces are near in memory: at 100k faces the descriptors outgrow
  // the CPU caches, and random row reads, not arithmetic, would dominate the time.
  const order = buildRpTree(vectors, dim, p.leafSize, random).perm;
  const local = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) local.set(vectors.subarray(order[i]! * dim, order[i]! * dim + dim), i * dim);
  const graph = nnDescent(local, dim, p, random);
  const rank = new Int32Array(n);
  for (let i = 0; i < n; i++) rank[order[i]!] = i;
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
  return { n, k, indices, distances, stats: graph.stats };
}

function nnDescent(
  vectors: Float32Array,
  dim: number,
  p: KnnParams,
  random: () => number,
): KnnGraph & { stats: KnnBuildStats } {
  const n = vectors.length / dim;
  const k = p.k;
  const heaps = new NeighbourHeaps(n, k);
  let evaluations = 0;
  for (let t = 0; t < p.trees; t++) {
    const tree = buildRpTree(vectors, dim, p.leafSize, random);
    for (let node = 0; node < tree.left.length; node++) {
      if (tree.left[node]! >= 0) continue;
      const s = tree.start[node]!;
      const e = tree.end[node]!;
      for (let i = s; i < e; i++) {
        const a = tree.perm[i]!;
        for (let j = i + 1; j < e; j++) {
          const b = tree.perm[j]!;
          const d = squaredDistance(vectors, a, vectors, b, dim);
          heaps.push(a, b, d, 1);
          heaps.push(b, a, d, 1);
        }
      }
      evaluations += ((e - s) * (e - s - 1)) / 2;
    }
  }
  const newSamples = new CandidateSamples(n, p.maxCandidates);
  const oldSamples = new CandidateSamples(n, p.maxCandidates);
  let iterations = 0;
  for (; iterations < p.maxIterations; iterations++) {
    newSamples.clear();
    oldSamples.clear();
    // Forward and reverse neighbours, new ones (not yet joined) apart from old ones.
    for (let a = 0; a < n; a++) {
      for (let j = a * k; j < a * k + k; j++) {
        const b = heaps.ids[j]!;
        if (b < 0) continue;
        const pr = random();
        const samples = heaps.isNew[j] ? newSamples : oldSamples;
        samples.push(a, b, pr);
        samples.push(b, a, pr);
      }
    }
    for (let a = 0; a < n; a++) {
      for (let j = a * k; j < a * k + k; j++) {
        if (heaps.isNew[j] && newSamples.has(a, heaps.ids[j]!)) heaps.isNew[j] = 0;
      }
    }
    // Local join: compare new candidates with each other and with old ones.
    let updates = 0;
    const size = p.maxCandidates;
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
          const d = squaredDistance(vectors, u, vectors, v, dim);
          updates += heaps.push(u, v, d, 1) + heaps.push(v, u, d, 1);
          evaluations++;
        }
        for (let j = base; j < base + size; j++) {
          const v = oIds[j]!;
          if (v < 0 || v === u) continue;
          const d = squaredDistance(vectors, u, vectors, v, dim);
          updates += heaps.push(u, v, d, 1) + heaps.push(v, u, d, 1);
          evaluations++;
        }
      }
    }
    if (updates <= p.delta * n * k) {
      iterations++;
      break;
    }
  }
  return { ...heaps.toGraph(), stats: { iterations, distanceEvaluations: evaluations, exact: false } };
}

/** Share of the exact graph's neighbours the approximate graph found (k-NN recall). */
export function knnRecall(approx: KnnGraph, exact: KnnGraph): number {
  let found = 0;
  let total = 0;
  const k = Math.min(approx.k, exact.k);
  for (let i = 0; i < exact.n; i++) {
    for (let j = 0; j < k; j++) {
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

/**
 * k nearest base rows of each query row (for assigning new faces to existing ones): exact while base × queries is
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
  if (nb * nq <= p.exactBelow * p.exactBelow) {
    for (let q = 0; q < nq; q++) {
      for (let b = 0; b < nb; b++) heaps.push(q, b, squaredDistance(queries, q, base, b, dim), 0);
    }
    return heaps.toGraph();
  }
  const random = seededRandom(p.seed);
  for (let t = 0; t < p.trees; t++) {
    const tree = buildRpTree(base, dim, p.leafSize, random);
    for (let q = 0; q < nq; q++) {
      const leaf = rpTreeLeaf(tree, queries, q, dim);
      for (let i = tree.start[leaf]!; i < tree.end[leaf]!; i++) {
        const b = tree.perm[i]!;
        heaps.push(q, b, squaredDistance(queries, q, base, b, dim), 0);
      }
    }
  }
  return heaps.toGraph();
}

/** knnRecall against exact neighbours of `samples` faces picked at random: the exact graph is n² at scale. */
export function sampledKnnRecall(
  vectors: Float32Array,
  dim: number,
  graph: KnnGraph,
  samples: number,
  seed: number,
): number {
  const n = graph.n;
  const random = seededRandom(seed);
  const k = graph.k;
  const heaps = new NeighbourHeaps(1, k);
  let found = 0;
  let total = 0;
  for (let s = 0; s < samples; s++) {
    const q = Math.floor(random() * n);
    heaps.ids.fill(-1);
    heaps.dist.fill(Infinity);
    for (let b = 0; b < n; b++) if (b !== q) heaps.push(0, b, squaredDistance(vectors, q, vectors, b, dim), 0);
    for (let j = 0; j < k; j++) {
      const id = heaps.ids[j]!;
      if (id < 0) continue;
      total++;
      for (let m = 0; m < k; m++) {
        if (graph.indices[q * k + m] === id) {
          found++;
          break;
        }
      }
    }
  }
  return total === 0 ? 1 : found / total;
}

/** The kNN graph made undirected and cut at maxDistance, as compressed rows (each row sorted by neighbour index). */
export type Adjacency = Readonly<{ offsets: Int32Array; neighbours: Int32Array; distances: Float32Array }>;

export function symmetricAdjacency(graph: KnnGraph, maxDistance: number): Adjacency {
  const { n, k, indices, distances } = graph;
  const degree = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    for (let j = i * k; j < i * k + k; j++) {
      const b = indices[j]!;
      if (b < 0 || distances[j]! > maxDistance) continue;
      degree[i]!++;
      degree[b]!++;
    }
  }
  const start = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i]! + degree[i]!;
  const fill = start.slice(0, n);
  const nb = new Int32Array(start[n]!);
  const nd = new Float32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    for (let j = i * k; j < i * k + k; j++) {
      const b = indices[j]!;
      const d = distances[j]!;
      if (b < 0 || d > maxDistance) continue;
      nb[fill[i]!] = b;
      nd[fill[i]!++] = d;
      nb[fill[b]!] = i;
      nd[fill[b]!++] = d;
    }
  }
  // Sort each row by neighbour and drop the duplicate a pair leaves when each face lists the other.
  const offsets = new Int32Array(n + 1);
  let out = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let j = start[i]!; j < start[i + 1]!; j++) order.push(j);
    order.sort((x, y) => nb[x]! - nb[y]!);
    const rowNb = order.map((j) => nb[j]!);
    const rowNd = order.map((j) => nd[j]!);
    for (let m = 0; m < rowNb.length; m++) {
      if (m > 0 && rowNb[m] === rowNb[m - 1]) continue;
      nb[out] = rowNb[m]!;
      nd[out++] = rowNd[m]!;
    }
    offsets[i + 1] = out;
  }
  return { offsets, neighbours: nb.slice(0, out), distances: nd.slice(0, out) };
}
