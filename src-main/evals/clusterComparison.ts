/*
 * The face-clustering approaches side by side on labeled descriptors (the people eval calls this): every face is
 * clustered, only labeled faces are scored (clusterMetrics). Also a threshold sweep per approach, to show how flat
 * the neighbourhood of each chosen value is, and the incremental path (cluster 4/5 of the photos, assign the rest).
 */
import { assignNewFaces } from '../core/cluster/assignNewFaces.js';
import {
  clusterOnGraph,
  DEFAULT_CLUSTER_PARAMS,
  type ClusterApproach,
  type ClusterParams,
} from '../core/cluster/clusterFaces.js';
import type { ClusterInput, KnnGraph } from '../core/cluster/clusterTypes.js';
import { constraintViolations, type Violations } from '../core/cluster/constraints.js';
import { buildKnnGraph } from '../core/cluster/knnGraph.js';
import { scoreClustering, type ClusterScores } from './clusterMetrics.js';

export type ComparisonInput = Readonly<{
  vectors: Float32Array;
  dim: number;
  photos: Int32Array;
  /** Person per face, null for faces nobody labeled (clustered, not scored). */
  persons: readonly (string | null)[];
}>;

export type ApproachFigures = Readonly<{
  name: string;
  params: Readonly<Record<string, string | number>>;
  scores: ClusterScores;
  violations: Violations;
  seconds: Readonly<{ graph: number; cluster: number; total: number }>;
}>;

export type SweepRow = Readonly<{
  name: string;
  threshold: number;
  minPoints?: number;
  pairwiseF1: number;
  bcubedF1: number;
  clustersPerPerson: number;
}>;

export type IncrementalFigures = Readonly<{
  existingFaces: number;
  addedFaces: number;
  joinedExistingPeople: number;
  newClusters: number;
  scores: ClusterScores;
  seconds: number;
}>;

export type ClusterComparison = Readonly<{
  faces: number;
  labeledFaces: number;
  approaches: readonly ApproachFigures[];
  sweep: readonly SweepRow[];
  incremental: IncrementalFigures;
  /** The default's figures against the acceptance targets (pairwise F1, BCubed F1 ≥ 0.97, clusters/people ≤ 1.05). */
  defaultPasses: boolean;
}>;

const TARGETS = { pairwiseF1: 0.97, bcubedF1: 0.97, clustersPerPerson: 1.05 };
export const SWEEP_THRESHOLDS = [0.4, 0.425, 0.45, 0.475, 0.5, 0.525, 0.55, 0.575, 0.6, 0.625, 0.65, 0.675, 0.7];

type Approach = Readonly<{ name: string; params: Partial<ClusterParams>; graph: 'default' | 'nnDescent' }>;

/*
 * Each approach at the value its source uses: dlib's same-person distance is 0.6 and its Chinese Whispers face
 * example links at 0.5; Immich clusters at maxDistance 0.5 with minFaces 3. Each is also run at its best sweep point.
 */
const APPROACHES: readonly Approach[] = [
  { name: 'agglomerative (default)', params: {}, graph: 'default' },
  { name: 'agglomerative on NN-descent graph', params: {}, graph: 'nnDescent' },
  { name: "agglomerative at dlib's 0.6", params: { threshold: 0.6 }, graph: 'default' },
  {
    name: 'chineseWhispers (dlib example, 0.5)',
    params: { approach: 'chineseWhispers', threshold: 0.5 },
    graph: 'default',
  },
  {
    name: 'dbscan (Immich-like, 0.5, 3 faces)',
    params: { approach: 'dbscan', threshold: 0.5, minPoints: 3 },
    graph: 'default',
  },
];

const seconds = (from: number) => (performance.now() - from) / 1000;

export function compareClusterApproaches(input: ComparisonInput): ClusterComparison {
  const n = input.photos.length;
  const clusterInput: ClusterInput = {
    dim: input.dim,
    vectors: input.vectors,
    photos: input.photos,
    seeds: new Int32Array(n).fill(-1),
    cannotLink: [],
  };
  const graphs = new Map<Approach['graph'], { graph: KnnGraph; seconds: number; exact: boolean }>();
  const graphOf = (kind: Approach['graph']) => {
    let built = graphs.get(kind);
    if (!built) {
      const start = performance.now();
      const graph = buildKnnGraph(input.vectors, input.dim, kind === 'nnDescent' ? { exactBelow: 0 } : {});
      built = { graph, seconds: seconds(start), exact: graph.stats.exact };
      graphs.set(kind, built);
    }
    return built;
  };

  const run = (a: Approach): ApproachFigures => {
    const { graph, seconds: graphSeconds, exact } = graphOf(a.graph);
    const start = performance.now();
    const { clustering } = clusterOnGraph(clusterInput, graph, a.params);
    const clusterSeconds = seconds(start);
    const p = { ...DEFAULT_CLUSTER_PARAMS, ...a.params };
    return {
      name: a.name,
      params: {
        approach: p.approach,
        threshold: p.threshold,
        ...(p.approach === 'dbscan' ? { minPoints: p.minPoints } : {}),
        graph: exact ? 'exact kNN' : 'RP forest + NN-descent kNN',
      },
      scores: scoreClustering(clustering.labels, input.persons),
      violations: constraintViolations(clusterInput, clustering.labels),
      seconds: { graph: graphSeconds, cluster: clusterSeconds, total: graphSeconds + clusterSeconds },
    };
  };
  const approaches = APPROACHES.map(run);

  const sweep: SweepRow[] = [];
  const { graph } = graphOf('default');
  const sweepOne = (name: ClusterApproach, params: Partial<ClusterParams>) => {
    const { clustering } = clusterOnGraph(clusterInput, graph, { ...params, approach: name });
    const s = scoreClustering(clustering.labels, input.persons);
    sweep.push({
      name,
      threshold: params.threshold!,
      ...(params.minPoints === undefined ? {} : { minPoints: params.minPoints }),
      pairwiseF1: s.pairwise.f1,
      bcubedF1: s.bcubed.f1,
      clustersPerPerson: s.clustersPerPerson,
    });
  };
  for (const threshold of SWEEP_THRESHOLDS) {
    sweepOne('agglomerative', { threshold });
    sweepOne('chineseWhispers', { threshold });
    for (const minPoints of [2, 3, 4]) sweepOne('dbscan', { threshold, minPoints });
  }
  // Each approach at its best sweep point (tuned on these very faces: an upper bound, not a fair default).
  for (const name of ['agglomerative', 'chineseWhispers', 'dbscan'] as const) {
    const rows = sweep.filter((r) => r.name === name);
    const best = rows.reduce((a, b) => (b.pairwiseF1 + b.bcubedF1 > a.pairwiseF1 + a.bcubedF1 ? b : a), rows[0]!);
    const params = {
      approach: name,
      threshold: best.threshold,
      ...(best.minPoints ? { minPoints: best.minPoints } : {}),
    };
    approaches.push(run({ name: `${name} (best of sweep)`, params, graph: 'default' }));
  }

  const first = approaches[0]!.scores;
  return {
    faces: n,
    labeledFaces: first.faces,
    approaches,
    sweep,
    incremental: incrementalFigures(input),
    defaultPasses:
      first.pairwise.f1 >= TARGETS.pairwiseF1 &&
      first.bcubed.f1 >= TARGETS.bcubedF1 &&
      first.clustersPerPerson <= TARGETS.clustersPerPerson,
  };
}

/** Every 5th photo (by id) arrives later: cluster the rest with the default, then assign its faces. */
function incrementalFigures(input: ComparisonInput): IncrementalFigures {
  const { dim, photos, vectors } = input;
  const n = photos.length;
  const photoIds = [...new Set(photos)].sort((a, b) => a - b);
  const late = new Set(photoIds.filter((_, i) => i % 5 === 4));
  const oldFaces: number[] = [];
  const newFaces: number[] = [];
  for (let i = 0; i < n; i++) (late.has(photos[i]!) ? newFaces : oldFaces).push(i);
  const pick = (faces: number[]) => {
    const v = new Float32Array(faces.length * dim);
    faces.forEach((f, i) => v.set(vectors.subarray(f * dim, f * dim + dim), i * dim));
    return { vectors: v, photos: Int32Array.from(faces, (f) => photos[f]!) };
  };
  const start = performance.now();
  const old = pick(oldFaces);
  const oldInput: ClusterInput = { dim, ...old, seeds: new Int32Array(oldFaces.length).fill(-1), cannotLink: [] };
  const { clustering } = clusterOnGraph(oldInput, buildKnnGraph(old.vectors, dim), {});
  const assignments = assignNewFaces({ dim, ...old, persons: clustering.labels }, pick(newFaces));
  const elapsed = seconds(start);
  const labels = new Int32Array(n);
  oldFaces.forEach((f, i) => (labels[f] = clustering.labels[i]!));
  let joined = 0;
  let newClusters = 0;
  assignments.forEach((a, i) => {
    if ('person' in a) {
      labels[newFaces[i]!] = a.person;
      joined++;
    } else {
      labels[newFaces[i]!] = clustering.clusters + a.newCluster;
      newClusters = Math.max(newClusters, a.newCluster + 1);
    }
  });
  return {
    existingFaces: oldFaces.length,
    addedFaces: newFaces.length,
    joinedExistingPeople: joined,
    newClusters,
    scores: scoreClustering(labels, input.persons),
    seconds: elapsed,
  };
}
