/*
 * `npm run bench -- people`: face clustering at library scale on synthetic descriptors (10k, 100k, 300k faces).
 * Per size: seconds for the kNN graph and for clustering, peak RSS / heap, pairwise F1 against the synthetic truth,
 * and the growth exponent of time vs n. Baseline in the same run: the exact brute-force kNN graph at 10k (its time,
 * and the approximate graph's recall against it).
 */
import { availableParallelism, loadavg } from 'node:os';
import { assignNewFaces } from '../core/cluster/assignNewFaces.js';
import { clusterOnGraph, DEFAULT_CLUSTER_PARAMS } from '../core/cluster/clusterFaces.js';
import type { ClusterInput } from '../core/cluster/clusterTypes.js';
import { constraintViolations } from '../core/cluster/constraints.js';
import {
  buildKnnGraph,
  DEFAULT_KNN_PARAMS,
  exactKnnGraph,
  knnRecall,
  sampledKnnRecall,
} from '../core/cluster/knnGraph.js';
import { seededRandom, shuffledOrder } from '../core/cluster/random.js';
import { squaredDistance } from '../core/cluster/vectorMath.js';
import { scoreClustering } from '../evals/clusterMetrics.js';

/*
 * How the synthetic descriptors are made (so their distances look like dlib's on real photos):
 * from the people eval's faces (1,071 real faces, 968 of them labeled with 289 people; descriptors as the app makes
 * them, averaged over the chip and its mirror image) we took the eigenvalues of the
 * within-person covariance (residuals from each person's mean, people with ≥ 2 faces) and of the between-person
 * covariance (covariance of person means minus the within part each mean still carries). Every 4th eigenvalue is
 * kept below and interpolated log-linearly in between. Distances are rotation-invariant, so a centre is drawn as
 * √B ⊙ z and a face as centre + s_person · s_face · √W ⊙ z'; s_person is log-normal with σ 0.11 (the spread of
 * people's RMS radius in the dump), s_face log-normal σ 0.05 (matches the dump's same-person tails best).
 * Real vs synthetic distance quantiles are in REAL_QUANTILES and printed beside the synthetic ones.
 */
const WITHIN_EIGENVALUES = [
  0.00322, 0.00266, 0.0022, 0.00195, 0.00172, 0.00156, 0.00139, 0.00125, 0.00116, 0.00106, 0.000964, 0.000866, 0.000786,
  0.000684, 0.000606, 0.000516, 0.000425, 0.000346, 0.000264, 7.85e-5,
];
const BETWEEN_EIGENVALUES = [
  0.0348, 0.0118, 0.00805, 0.00572, 0.00426, 0.00334, 0.0027, 0.00204, 0.00159, 0.00131, 0.001, 0.00073, 0.000545,
  0.00039, 0.000245, 0.000163, 5.45e-5, 6.42e-7,
];
const KNOT_STEP = 4;
const FLOOR = 1e-7;
const PERSON_SPREAD_SIGMA = 0.11;
const FACE_SPREAD_SIGMA = 0.05;

/** Distance quantiles of the eval's labeled faces (same person: 3,396 pairs; different: 464,632 pairs). */
export const REAL_QUANTILES = {
  quantiles: [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99],
  samePerson: [0.25, 0.294, 0.363, 0.408, 0.461, 0.545, 0.604],
  differentPeople: [0.601, 0.662, 0.747, 0.811, 0.875, 0.962, 1.021],
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
  const order = shuffledOrder(n, random);
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

const SIZES = [10_000, 100_000, 300_000];
const RECALL_SAMPLES = 100;
const GOAL = { faces: 100_000, seconds: 20 };

type Timed<T> = { value: T; wallSeconds: number; cpuSeconds: number };

function timed<T>(work: () => T): Timed<T> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const value = work();
  const used = process.cpuUsage(cpu);
  return { value, wallSeconds: (performance.now() - start) / 1000, cpuSeconds: (used.user + used.system) / 1e6 };
}

const mib = (bytes: number) => Math.round(bytes / 1048576);
const round = (x: number, digits = 4) => Number(x.toFixed(digits));

function clusterInput(lib: SyntheticLibrary): ClusterInput {
  const n = lib.truth.length;
  return { dim: lib.dim, vectors: lib.vectors, photos: lib.photos, seeds: new Int32Array(n).fill(-1), cannotLink: [] };
}

/** Distance quantiles of sampled same-identity and different-identity pairs of a synthetic library. */
function syntheticQuantiles(lib: SyntheticLibrary, pairs: number): { samePerson: number[]; differentPeople: number[] } {
  const random = seededRandom(11);
  const { dim, vectors, truth } = lib;
  const n = truth.length;
  const byIdentity = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const group = byIdentity.get(truth[i]!);
    if (group) group.push(i);
    else byIdentity.set(truth[i]!, [i]);
  }
  const groups = [...byIdentity.values()].filter((g) => g.length > 1);
  const distance = (a: number, b: number) => Math.sqrt(squaredDistance(vectors, a, vectors, b, dim));
  const same: number[] = [];
  const different: number[] = [];
  while (same.length < pairs) {
    const g = groups[Math.floor(random() * groups.length)]!;
    const a = g[Math.floor(random() * g.length)]!;
    const b = g[Math.floor(random() * g.length)]!;
    if (a !== b) same.push(distance(a, b));
  }
  while (different.length < pairs) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (truth[a] !== truth[b]) different.push(distance(a, b));
  }
  const at = (values: number[]) => {
    const sorted = values.sort((x, y) => x - y);
    return REAL_QUANTILES.quantiles.map((q) => round(sorted[Math.floor(q * (sorted.length - 1))]!, 3));
  };
  return { samePerson: at(same), differentPeople: at(different) };
}

/** Least-squares slope of log(time) against log(n). */
function growthExponent(points: readonly { n: number; seconds: number }[]): number {
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(Math.max(p.seconds, 1e-6)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i]! - my);
    den += (x - mx) ** 2;
  });
  return round(num / den, 2);
}

function scoreOf(labels: Int32Array, truth: Int32Array) {
  const s = scoreClustering(labels, truth);
  return {
    pairwise: { precision: round(s.pairwise.precision), recall: round(s.pairwise.recall), f1: round(s.pairwise.f1) },
    bcubedF1: round(s.bcubed.f1),
    clustersPerPerson: round(s.clustersPerPerson, 3),
  };
}

/** The exact brute-force graph against the default approximate one, at 10k faces. */
function baseline(lib: SyntheticLibrary) {
  const input = clusterInput(lib);
  const k = DEFAULT_KNN_PARAMS.k;
  const exact = timed(() => exactKnnGraph(lib.vectors, lib.dim, k));
  const approx = timed(() => buildKnnGraph(lib.vectors, lib.dim, { exactBelow: 0 }));
  const onExact = clusterOnGraph(input, exact.value).clustering.labels;
  const onApprox = clusterOnGraph(input, approx.value).clustering.labels;
  return {
    faces: lib.truth.length,
    what: 'exact brute-force kNN (all n²/2 pairs) vs RP forest + NN-descent, same k, same process',
    exactKnnSeconds: round(exact.wallSeconds, 2),
    exactKnnCpuSeconds: round(exact.cpuSeconds, 2),
    approximateKnnSeconds: round(approx.wallSeconds, 2),
    approximateKnnCpuSeconds: round(approx.cpuSeconds, 2),
    speedupCpu: round(exact.cpuSeconds / approx.cpuSeconds, 1),
    approximateRecall: round(knnRecall(approx.value, exact.value)),
    clusteringOnExactGraph: scoreOf(onExact, lib.truth),
    clusteringOnApproximateGraph: scoreOf(onApprox, lib.truth),
  };
}

/** assignNewFaces for the last 1% of a clustered library (people = the full clustering's labels). */
function incremental(lib: SyntheticLibrary, labels: Int32Array) {
  const { dim } = lib;
  const n = lib.truth.length;
  const cut = n - Math.round(n / 100);
  const existing = {
    dim,
    vectors: lib.vectors.subarray(0, cut * dim),
    photos: lib.photos.subarray(0, cut),
    persons: labels.subarray(0, cut),
  };
  const added = { vectors: lib.vectors.subarray(cut * dim), photos: lib.photos.subarray(cut) };
  const run = timed(() => assignNewFaces(existing, added));
  const combined = Int32Array.from(labels);
  let joined = 0;
  run.value.forEach((a, i) => {
    if ('person' in a) joined++;
    combined[cut + i] = 'person' in a ? a.person : n + a.newCluster;
  });
  return {
    existingFaces: cut,
    addedFaces: n - cut,
    seconds: round(run.wallSeconds, 2),
    cpuSeconds: round(run.cpuSeconds, 2),
    joinedKnownPeople: joined,
    agreementWithFullClustering: round(scoreClustering(combined, labels).pairwise.f1),
    scores: scoreOf(combined, lib.truth),
  };
}

function measureSize(n: number) {
  const lib = syntheticLibrary(n, 1);
  const input = clusterInput(lib);
  const graph = timed(() => buildKnnGraph(lib.vectors, lib.dim));
  const clustering = timed(() => clusterOnGraph(input, graph.value));
  const labels = clustering.value.clustering.labels;
  const memory = process.memoryUsage();
  return {
    faces: n,
    identities: lib.identities,
    singletons: lib.singletons,
    facesInGroupPhotos: lib.facesInGroupPhotos,
    knnSeconds: round(graph.wallSeconds, 2),
    knnCpuSeconds: round(graph.cpuSeconds, 2),
    knnStats: graph.value.stats,
    knnRecallSampled: round(sampledKnnRecall(lib.vectors, lib.dim, graph.value, RECALL_SAMPLES, 5)),
    clusterSeconds: round(clustering.wallSeconds, 2),
    clusterCpuSeconds: round(clustering.cpuSeconds, 2),
    clusterStats: clustering.value.stats,
    totalSeconds: round(graph.wallSeconds + clustering.wallSeconds, 2),
    totalCpuSeconds: round(graph.cpuSeconds + clustering.cpuSeconds, 2),
    ...scoreOf(labels, lib.truth),
    constraintViolations: constraintViolations(input, labels),
    peakRssMiB: mib(process.resourceUsage().maxRSS * 1024),
    heapUsedMiB: mib(memory.heapUsed),
    arrayBuffersMiB: mib(memory.arrayBuffers),
    ...(n === GOAL.faces ? { incremental: incremental(lib, labels) } : {}),
    loadAverage: loadavg().map((l) => round(l, 2)),
  };
}

export async function runPeopleBench(): Promise<object> {
  const loadBefore = loadavg().map((l) => round(l, 2));
  const sample = syntheticLibrary(20_000, 7);
  const distances = { ...REAL_QUANTILES, synthetic: syntheticQuantiles(sample, 20_000) };
  const base = baseline(syntheticLibrary(SIZES[0]!, 1));
  const sizes = SIZES.map(measureSize);
  const at = (key: 'knnCpuSeconds' | 'clusterCpuSeconds' | 'totalCpuSeconds') =>
    growthExponent(sizes.map((s) => ({ n: s.faces, seconds: s[key] })));
  const goalRun = sizes.find((s) => s.faces === GOAL.faces)!;
  return {
    suite: 'people',
    machine: {
      cpus: availableParallelism(),
      loadAverageBefore: loadBefore,
      loadAverageAfter: loadavg().map((l) => round(l, 2)),
    },
    params: { knn: DEFAULT_KNN_PARAMS, cluster: DEFAULT_CLUSTER_PARAMS },
    syntheticDistances: distances,
    baseline: base,
    sizes,
    growthExponent: {
      what: 'least-squares slope of log(CPU seconds) vs log(n) over the sizes: 1 = linear, 2 = quadratic',
      knn: at('knnCpuSeconds'),
      cluster: at('clusterCpuSeconds'),
      total: at('totalCpuSeconds'),
    },
    goal: {
      what: `${GOAL.faces} faces clustered (kNN graph + clustering) in at most ${GOAL.seconds} s wall`,
      seconds: goalRun.totalSeconds,
      cpuSeconds: goalRun.totalCpuSeconds,
      met: goalRun.totalSeconds <= GOAL.seconds,
    },
  };
}
