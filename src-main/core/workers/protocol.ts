import type { AnalyzeOptions } from '../inference/faces/analyzePhoto.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import type { ScanFileOptions, ScanFileResult } from '../scan/scanFile.js';
import type { ClusterInput, Clustering } from '../cluster/clusterTypes.js';
import type { ClusterSnapshot } from '../cluster/clusterSnapshot.js';
import type { Placement } from '../cluster/placeNewFaces.js';

/** Tasks the worker pool runs, by the name of the worker export that handles them. */
export type ScanFileTask = Readonly<{ path: Uint8Array; name: string; options: ScanFileOptions }>;

/** Analyse one photo (decoded once) with the models in `modelsDir`, `threads` onnxruntime threads per model. */
export type AnalyzePhotoTask = Readonly<{ path: Uint8Array } & AnalyzeOptions>;

export type WorkerTasks = {
  scanFile: { task: ScanFileTask; result: ScanFileResult };
  analyzePhoto: { task: AnalyzePhotoTask; result: PhotoAnalysis };
  /** Seconds of CPU at 100k faces: off the main thread, so the app stays responsive. */
  clusterFaces: { task: ClusterInput; result: Clustering };
  placeNewFaces: { task: ClusterSnapshot; result: Placement };
};
export type WorkerTaskName = keyof WorkerTasks;
