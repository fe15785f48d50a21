/*
 * Worker-thread entry: glue only. Each export is a task the pool can run by name; the work itself lives in the
 * modules it calls. Must not import services, jobs, db or api (workers are leaves).
 */
import sharp from 'sharp';
import { DecodeDoctor } from '../scan/decodeDoctor.js';
import { scanFile as scanFileImpl } from '../scan/scanFile.js';
import { analyzePhotoFile } from '../inference/faces/analyzePhoto.js';
import { clusterFaces as clusterFacesImpl } from '../cluster/clusterFaces.js';
import { placeNewFaces as placeNewFacesImpl } from '../cluster/placeNewFaces.js';
import { releaseClipEncoders } from '../inference/clip/clipEncoders.js';
import { embedPhotoWithClip, embedTextWithClip } from '../inference/clip/clipPhoto.js';
import { releaseSessions as releaseModelSessions } from '../inference/sessions.js';
import { readTextInImage } from '../inference/ocr/readText.js';
import { withPhotoBytes } from '../inference/photo/readPhoto.js';
import { clusterScenes as clusterScenesImpl } from '../scenes/clusterScenes.js';
import type {
  SettleBeforeCloseTask,
  ClusterFacesTask,
  PlaceNewFacesTask,
  AnalyzePhotoTask,
  ClipImageTask,
  ClipTextTask,
  ClusterScenesTask,
  ReadTextTask,
  ScanFileTask,
} from './protocol.js';

// One libvips thread per worker: the pool is sized to the cores, so more would only oversubscribe them.
sharp.concurrency(1);
sharp.cache(false);

const decodeDoctor = new DecodeDoctor();

export function scanFile(task: ScanFileTask) {
  return scanFileImpl(task.path, task.name, task.options, { doctor: decodeDoctor });
}

export function analyzePhoto(task: AnalyzePhotoTask) {
  return analyzePhotoFile(task.path, task);
}

export function clusterFaces(task: ClusterFacesTask) {
  return clusterFacesImpl(task, { threshold: task.threshold });
}

export function placeNewFaces(task: PlaceNewFacesTask) {
  return placeNewFacesImpl(task, task.threshold);
}

export function clusterScenes(task: ClusterScenesTask) {
  return clusterScenesImpl(task.vectors, task.dim, { minClusterSize: task.minClusterSize });
}

export function readText(task: ReadTextTask) {
  return withPhotoBytes(task.path, (bytes) => readTextInImage(bytes, task));
}

export function embedClipImage(task: ClipImageTask) {
  return embedPhotoWithClip(task.path, task.pack, task);
}

export function embedClipText(task: ClipTextTask) {
  return embedTextWithClip(task.text, task.pack, task.threads);
}

export async function settleBeforeClose(task: SettleBeforeCloseTask) {
  Atomics.add(task.arrived, 0, 1);
  Atomics.notify(task.arrived, 0);
  // Blocking is the point: this worker holds its share until every worker holds one (or the wait runs out).
  const deadline = Date.now() + task.waitMs;
  for (let seen = Atomics.load(task.arrived, 0); seen < task.workers && Date.now() < deadline;) {
    Atomics.wait(task.arrived, 0, seen, 50);
    seen = Atomics.load(task.arrived, 0);
  }
  await Promise.all([releaseModelSessions(), releaseClipEncoders(), decodeDoctor.close()]);
  // libvips work still queued or running would call back into a thread being torn down.
  while (Date.now() < deadline) {
    const { queue, process } = sharp.counters();
    if (queue === 0 && process === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
