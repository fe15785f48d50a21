import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import { librarySettings } from '../librarySettings.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import * as scenes from '../db/repos/scenesRepo.js';
import { planSceneIds, type PreviousScene } from '../scenes/planSceneIds.js';
import { indexPhotoSceneNames } from '../search/searchIndex.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { endFinishedJob, endStoppedJob } from './jobEnd.js';
import { createProgressReporter } from './jobProgress.js';

export type ScenesJobContext = Readonly<{ db: Db; pool: WorkerPool; emit: (progress: JobProgress) => void }>;

/** The stored scenes as planSceneIds compares them with new clusters. */
function previousScenes(db: Db): PreviousScene[] {
  const byScene = new Map<number, { named: boolean; photoIds: number[] }>();
  for (const named of scenes.namedScenes(db)) byScene.set(named.id, { named: true, photoIds: [] });
  for (const m of scenes.allMemberships(db)) {
    const scene = byScene.get(m.sceneId) ?? { named: m.name !== null, photoIds: [] };
    scene.photoIds.push(m.photoId);
    byScene.set(m.sceneId, scene);
  }
  return [...byScene].map(([id, s]) => ({ id, ...s }));
}

/** Photos in a named scene, by photo id, with that name. */
function namedPhotos(db: Db): Map<number, string> {
  return new Map(scenes.allMemberships(db).flatMap((m) => (m.name === null ? [] : [[m.photoId, m.name] as const])));
}

/**
 * Clusters every scene vector in a worker thread, then replaces the scenes' memberships in one transaction: named
 * scenes keep their names (planSceneIds), and photos whose named scene changed get their scene names re-indexed
 * for search. A stopped job changes nothing.
 */
export async function runScenesJob(ctx: ScenesJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db } = ctx;
  jobs.setJobRunning(db, jobId);
  const { photoIds, vectors, dim } = scenes.allSceneVectors(db);
  const progress = createProgressReporter(db, jobId, 'scenes', ctx.emit, {
    total: photoIds.length,
    done: 0,
    problems: 0,
  });
  progress.report(true);
  const { sceneMinPhotos } = librarySettings(db);
  const clustering = await ctx.pool.run('clusterScenes', { vectors, dim, minClusterSize: sceneMinPhotos });
  const stopped = endStoppedJob(db, jobId, signal, progress);
  if (stopped) return stopped;

  db.transaction(() => {
    const before = namedPhotos(db);
    const clusters = clustering.clusters.map((c) => Array.from(c.members, (i) => photoIds[i]!));
    const plan = planSceneIds(clusters, previousScenes(db));
    const at = new Date().toISOString();
    const members = clusters.flatMap((photos, c) => {
      const sceneId = plan[c] ?? scenes.createScene(db, at);
      return photos.map((photoId, rank) => ({ photoId, sceneId, rank }));
    });
    scenes.replaceMemberships(db, members);
    const after = namedPhotos(db);
    for (const photoId of new Set([...before.keys(), ...after.keys()])) {
      const name = after.get(photoId);
      if (before.get(photoId) !== name) indexPhotoSceneNames(db, photoId, name === undefined ? [] : [name]);
    }
  })();

  progress.counts.done = photoIds.length;
  return endFinishedJob(db, jobId, progress);
}
