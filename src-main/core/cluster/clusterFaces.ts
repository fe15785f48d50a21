/*
 * core/cluster: pure face clustering ("People"). Groups face descriptors into people, honouring photos (two faces of
 * one photo are never one person), seeds (user-confirmed people) and cannot-links ("not this person"), and assigns
 * new faces to known people incrementally. Imports nothing but node built-ins and other files of this folder: no db,
 * no electron, no services; callers hand in typed arrays and get labels back.
 *
 * Cost stays near n log n: a kNN graph (knnGraph.ts) proposes which faces to compare, and every approach clusters on
 * it. Three approaches are kept so they can be compared (evals/clusterComparison.ts); the default is agglomerative
 * average linkage, the only one that honours the constraints while it merges instead of repairing afterwards.
 */
import { agglomerativeClusters } from './agglomerative.js';
import { chineseWhispersClusters } from './chineseWhispers.js';
import type { ClusterInput, Clustering, KnnGraph } from './clusterTypes.js';
import { denseLabels } from './constraints.js';
import { dbscanClusters } from './dbscan.js';
import { buildKnnGraph, type KnnParams } from './knnGraph.js';
import { repairConstraints } from './repair.js';

export type ClusterApproach = 'agglomerative' | 'chineseWhispers' | 'dbscan';

export type ClusterParams = Readonly<{
  approach: ClusterApproach;
  /**
   * Euclidean distance: the largest RMS face-to-face distance between two clusters that still merge (agglomerative),
   * the longest link (Chinese Whispers), eps (DBSCAN).
   */
  threshold: number;
  /** DBSCAN: faces within eps, itself included, that make a face a core face. */
  minPoints: number;
  /** Chinese Whispers: passes at most (dlib uses 100; it settles in far fewer). */
  maxIterations: number;
  /** Chinese Whispers' visiting order. */
  seed: number;
  knn: Partial<KnnParams>;
}>;

/*
 * threshold 0.52 is an RMS distance between whole clusters, not between two faces. dlib's pair threshold 0.6 sits at
 * the 97th percentile of same-person pairs in the labeled dump (median 0.43, 95th percentile 0.565) and at the 1st
 * percentile of different people (0.613). An average over many pairs varies far less than one pair, and in the dense
 * parts of dlib's space (East-Asian faces in the dump sit closer together) whole clusters of different people meet
 * at RMS 0.53-0.6: above the cut they cascade into one. With descriptors averaged over a chip and its mirror
 * (descriptorViews) the sweep on the dump peaks at 0.51-0.52 (pairwise F1 0.956-0.958, BCubed 0.967) and drops to
 * 0.953 at 0.53, 0.949 at 0.5 and 0.924 at 0.55; single-view descriptors peaked at 0.55 (0.952 / 0.961).
 * minPoints 3 is Immich's minFaces; Chinese Whispers' seed is arbitrary.
 */
export const DEFAULT_CLUSTER_PARAMS: ClusterParams = {
  approach: 'agglomerative',
  threshold: 0.52,
  minPoints: 3,
  maxIterations: 100,
  seed: 0xc1a5,
  knn: {},
};

export type ClusterStats = Readonly<Record<string, number>>;

/** Clusters all faces with the default approach (or params.approach). Deterministic: same input, same labels. */
export function clusterFaces(input: ClusterInput, params: Partial<ClusterParams> = {}): Clustering {
  checkInput(input);
  const p = { ...DEFAULT_CLUSTER_PARAMS, ...params };
  const graph = buildKnnGraph(input.vectors, input.dim, p.knn);
  return clusterOnGraph(input, graph, p).clustering;
}

/** The clustering step alone, on a graph built beforehand (the bench and the comparison time the two apart). */
export function clusterOnGraph(
  input: ClusterInput,
  graph: KnnGraph,
  params: Partial<ClusterParams> = {},
): { clustering: Clustering; stats: ClusterStats } {
  checkInput(input);
  const p = { ...DEFAULT_CLUSTER_PARAMS, ...params };
  if (p.approach === 'agglomerative') {
    const { roots, stats } = agglomerativeClusters(input, graph, p.threshold, p.knn);
    return { clustering: denseLabels(roots), stats };
  }
  const found =
    p.approach === 'chineseWhispers'
      ? chineseWhispersClusters(input, graph, p.threshold, p.maxIterations, p.seed)
      : dbscanClusters(graph, p.threshold, p.minPoints);
  const repaired = repairConstraints(input, found.ids);
  return { clustering: denseLabels(repaired.ids), stats: { ...found.stats, ...repaired.stats } };
}

export function checkInput(input: ClusterInput): void {
  const n = input.photos.length;
  if (input.vectors.length !== n * input.dim || input.seeds.length !== n) {
    throw new RangeError(
      `cluster input: ${n} photos, ${input.seeds.length} seeds and ${input.vectors.length} vector values for dim ${input.dim}`,
    );
  }
}
