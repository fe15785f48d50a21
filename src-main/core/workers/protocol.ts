import type { AnalyzeOptions } from '../inference/faces/analyzePhoto.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import type { ScanFileOptions, ScanFileResult } from '../scan/scanFile.js';
import type { ClusterInput, Clustering } from '../cluster/clusterTypes.js';
import type { ClusterSnapshot } from '../cluster/clusterSnapshot.js';
import type { Placement } from '../cluster/placeNewFaces.js';
import type { InstalledPack } from '../clip/packStore.js';
import type { ClipPhotoOutcome } from '../inference/clip/clipPhoto.js';
import type { OcrOptions, OcrOutcome } from '../inference/ocr/readText.js';
import type { Failure } from '../inference/photo/readPhoto.js';
import type { SceneClustering } from '../scenes/clusterScenes.js';

/** Tasks the worker pool runs, by the name of the worker export that handles them. */
export type ScanFileTask = Readonly<{ path: Uint8Array; name: string; options: ScanFileOptions }>;

/** Analyse one photo (decoded once) with the models in `modelsDir`, `threads` onnxruntime threads per model. */
export type AnalyzePhotoTask = Readonly<{ path: Uint8Array } & AnalyzeOptions>;

/** Read the text in one photo (PP-OCRv4). */
export type ReadTextTask = Readonly<{ path: Uint8Array } & OcrOptions>;

/** Embed one photo, or one query, with a CLIP pack. */
export type ClipImageTask = Readonly<{ path: Uint8Array; pack: InstalledPack; threads: number; maxPixels: number }>;
export type ClipTextTask = Readonly<{ text: string; pack: InstalledPack; threads: number }>;

/** Cluster scene vectors (row-major, `dim` wide). */
export type ClusterScenesTask = Readonly<{ vectors: Float32Array; dim: number; minClusterSize: number }>;

/** Faces to cluster (or place), with the library's person distance (its settings). */
export type ClusterFacesTask = ClusterInput & Readonly<{ threshold: number }>;
export type PlaceNewFacesTask = ClusterSnapshot & Readonly<{ threshold: number }>;

/**
 * Every worker's share of a pool shutdown: `arrived` counts the workers that took one, each waits until all have (so
 * each worker takes exactly one), then releases its onnxruntime sessions and waits for libvips to be idle.
 */
export type SettleBeforeCloseTask = Readonly<{ arrived: Int32Array; workers: number; waitMs: number }>;

export type WorkerTasks = {
  scanFile: { task: ScanFileTask; result: ScanFileResult };
  analyzePhoto: { task: AnalyzePhotoTask; result: PhotoAnalysis };
  /** Seconds of CPU at 100k faces: off the main thread, so the app stays responsive. */
  clusterFaces: { task: ClusterFacesTask; result: Clustering };
  placeNewFaces: { task: PlaceNewFacesTask; result: Placement };
  /** kNN graph and average linkage over every scene vector: seconds at 100k photos, so off the main thread. */
  clusterScenes: { task: ClusterScenesTask; result: SceneClustering };
  readText: { task: ReadTextTask; result: OcrOutcome | Failure };
  embedClipImage: { task: ClipImageTask; result: ClipPhotoOutcome };
  embedClipText: { task: ClipTextTask; result: Float32Array };
  settleBeforeClose: { task: SettleBeforeCloseTask; result: void };
};
export type WorkerTaskName = keyof WorkerTasks;
