import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RgbImage } from '../core/inference/preprocess/image.js';
import {
  clusterScenes,
  DEFAULT_SCENE_CLUSTER_PARAMS,
  type SceneClusterApproach,
} from '../core/scenes/clusterScenes.js';
import {
  describeScene,
  SCENE_DESCRIPTOR_IDS,
  SCENE_DESCRIPTORS,
  SHIPPED_SCENE_DESCRIPTOR,
  backboneGistDescriptor,
  type SceneDescriptorId,
} from '../core/scenes/sceneDescriptors.js';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { detectObjects, OBJECT_DETECTOR_MODEL } from '../core/inference/scenes/detectObjects.js';
import { modelRunner } from '../core/inference/sessions.js';
import { decodeSceneFile, prepareSceneImage, type SceneImage } from '../core/scenes/sceneImage.js';
import { scorePartition, type PartitionScores } from './clusterMetrics.js';
import { parseCsv } from './csv.js';
import { precisionAtK } from './metrics.js';

/*
 * `runScenesEval`: scene descriptors and scene clustering on ../shared/datasets/scenes/{intel6,scene15}. Per set and
 * descriptor: leave-one-out precision@5 (the descriptor alone) and, per clustering approach, NMI, ARI, purity, the
 * purity of the 5 largest clusters, the cluster count and the noise fraction. Every approach runs with the same
 * label-free parameters on every set (DEFAULT_SCENE_CLUSTER_PARAMS); nothing is fitted to the labels.
 */

export const SCENE_DATASETS = ['intel6', 'scene15'] as const;
/** The shipped setting first, then the alternatives it was compared with (same minClusterSize everywhere). */
const METHODS: readonly Readonly<{ approach: SceneClusterApproach; densityQuantile: number }>[] = [
  { approach: DEFAULT_SCENE_CLUSTER_PARAMS.approach, densityQuantile: DEFAULT_SCENE_CLUSTER_PARAMS.densityQuantile },
  { approach: 'agglomerative', densityQuantile: 0.9 },
  { approach: 'agglomerative', densityQuantile: 0.5 },
  { approach: 'agglomerative', densityQuantile: 0.7 },
  { approach: 'dbscan', densityQuantile: 0.5 },
  { approach: 'dbscan', densityQuantile: 0.9 },
];
const methodName = (m: (typeof METHODS)[number]) => `${m.approach}@q${m.densityQuantile}`;
const TOP_CLUSTERS = 5;
const RETRIEVAL_K = 5;
/** Photos per set timed one descriptor at a time (the rest share GIST between descriptors that hold it). */
const TIMED_PHOTOS = 10;
const MAX_PIXELS = 100_000_000;
export const INTEL6_TOP_PURITY_TARGET = 0.85;

/**
 * A descriptor from outside core/scenes, e.g. CNN features from an inference model pooled with poolFeatureMap:
 * the eval runs it beside the built-in ones.
 */
export type ExtraSceneDescriptor = Readonly<{
  id: string;
  describe: (photo: RgbImage, image: SceneImage) => Promise<Float32Array>;
}>;

export type ScenesEvalOptions = Readonly<{ extraDescriptors?: readonly ExtraSceneDescriptor[] }>;

export type SceneClusterScores = PartitionScores & Readonly<{ threshold: number }>;

export type SceneDescriptorReport = Readonly<{
  descriptor: string;
  dim: number;
  msPerPhoto: number;
  precisionAt5: number;
  /** By method, `approach@qQuantile`; the first is the shipped setting. */
  clustering: Readonly<Record<string, SceneClusterScores>>;
}>;

export type ScenesEvalReport = Readonly<{
  clusterParams: typeof DEFAULT_SCENE_CLUSTER_PARAMS;
  shipped: string;
  datasets: Readonly<
    Record<string, Readonly<{ photos: number; classes: number; descriptors: readonly SceneDescriptorReport[] }>>
  >;
  passed: boolean;
  targets: Readonly<Record<string, boolean>>;
}>;

type Labeled = Readonly<{ file: string; scene: string }>;

async function loadLabels(dir: string): Promise<Labeled[]> {
  const rows = parseCsv(await readFile(join(dir, 'labels.csv'), 'utf8'));
  return rows.map((r) => {
    const file = r['file'];
    const scene = r['scene'];
    if (!file || !scene) throw new Error(`${dir}/labels.csv: a row without file or scene`);
    return { file, scene };
  });
}

function stack(rows: readonly Float32Array[]): { vectors: Float32Array; dim: number } {
  const dim = rows[0]?.length ?? 0;
  const vectors = new Float32Array(rows.length * dim);
  rows.forEach((r, i) => {
    if (r.length !== dim) throw new RangeError(`descriptor lengths differ: ${r.length} vs ${dim}`);
    vectors.set(r, i * dim);
  });
  return { vectors, dim };
}

/** Precision@5 and every clustering method's scores for one descriptor's vectors (one per labeled photo). */
export function scoreSceneDescriptor(rows: readonly Float32Array[], truth: readonly string[]) {
  const { vectors, dim } = stack(rows);
  const clustering = Object.fromEntries(
    METHODS.map((method) => {
      const result = clusterScenes(vectors, dim, method);
      const scores: SceneClusterScores = {
        ...scorePartition(result.labels, truth, TOP_CLUSTERS),
        threshold: result.threshold,
      };
      return [methodName(method), scores];
    }),
  );
  return { dim, precisionAt5: precisionAtK(vectors, dim, truth, RETRIEVAL_K), clustering };
}

async function evalDataset(dir: string, options: ScenesEvalOptions) {
  const labeled = await loadLabels(dir);
  const extras = options.extraDescriptors ?? [];
  const rows = new Map<string, Float32Array[]>();
  const ms = new Map<string, number>();
  const add = (id: string, v: Float32Array) => rows.set(id, [...(rows.get(id) ?? []), v]);
  for (const [index, { file }] of labeled.entries()) {
    const photo = await decodeSceneFile(join(dir, file), MAX_PIXELS);
    const image = prepareSceneImage(photo);
    if (index < TIMED_PHOTOS) {
      for (const id of SCENE_DESCRIPTOR_IDS) {
        const start = performance.now();
        add(id, SCENE_DESCRIPTORS[id].describe(image));
        ms.set(id, (ms.get(id) ?? 0) + performance.now() - start);
      }
    } else {
      for (const [id, v] of describeScene(image, SCENE_DESCRIPTOR_IDS)) add(id, v);
    }
    for (const extra of extras) {
      const start = performance.now();
      add(extra.id, await extra.describe(photo, image));
      ms.set(extra.id, (ms.get(extra.id) ?? 0) + performance.now() - start);
    }
  }
  const truth = labeled.map((l) => l.scene);
  const descriptors = [...rows.entries()].map(([descriptor, vectors]) => {
    const timed = SCENE_DESCRIPTOR_IDS.includes(descriptor as SceneDescriptorId)
      ? Math.min(TIMED_PHOTOS, labeled.length)
      : labeled.length;
    return {
      descriptor,
      msPerPhoto: (ms.get(descriptor) ?? 0) / Math.max(1, timed),
      ...scoreSceneDescriptor(vectors, truth),
    };
  });
  return { photos: labeled.length, classes: new Set(truth).size, descriptors };
}

export async function runScenesEval(datasetsDir: string, options: ScenesEvalOptions = {}): Promise<ScenesEvalReport> {
  // The shipped descriptor runs the object detector exactly as the app's scene stage does.
  const detector = modelRunner(defaultModelsDir(), OBJECT_DETECTOR_MODEL, 1);
  const shippedDescriptor: ExtraSceneDescriptor = {
    id: SHIPPED_SCENE_DESCRIPTOR.id,
    describe: async (photo, image) => backboneGistDescriptor((await detectObjects(detector, photo)).backbone, image),
  };
  const withShipped = { extraDescriptors: [shippedDescriptor, ...(options.extraDescriptors ?? [])] };
  const datasets: Record<string, Awaited<ReturnType<typeof evalDataset>>> = {};
  for (const name of SCENE_DATASETS) datasets[name] = await evalDataset(join(datasetsDir, 'scenes', name), withShipped);
  const shipped = datasets['intel6']!.descriptors.find((d) => d.descriptor === SHIPPED_SCENE_DESCRIPTOR.id)!;
  const targets = {
    intel6TopPurity: shipped.clustering[methodName(METHODS[0]!)]!.topPurity >= INTEL6_TOP_PURITY_TARGET,
  };
  return {
    clusterParams: DEFAULT_SCENE_CLUSTER_PARAMS,
    shipped: SHIPPED_SCENE_DESCRIPTOR.id,
    datasets,
    passed: Object.values(targets).every(Boolean),
    targets,
  };
}
