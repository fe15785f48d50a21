import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { InstalledPack } from '../clip/packStore.js';
import { packModelVersion } from '../clip/packManifest.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { CLIP_STAGE, deleteClipEmbedding, ensureClipDimension, putClipEmbedding } from '../db/repos/clipRepo.js';
import { markStageDone } from '../db/repos/photoJobsRepo.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { runPhotoStageJob } from './photoStageJob.js';
import { failureOf } from './stageFailure.js';

export type ClipJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  pack: InstalledPack;
  emit: (progress: JobProgress) => void;
}>;

/** Gives every photo a CLIP vector from the active pack; a photo embedded by another pack (or version) is redone. */
export function runClipJob(ctx: ClipJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db, config, pack } = ctx;
  const version = packModelVersion(pack.manifest);
  ensureClipDimension(db, pack.manifest.embeddingDim);
  const options = { pack, threads: config.inferenceThreads, maxPixels: config.maxPixels };
  return runPhotoStageJob(
    { db, window: ctx.pool.size * 2, emit: ctx.emit },
    {
      kind: 'clip',
      stages: [{ stage: CLIP_STAGE, version }],
      analyze: (photo) =>
        ctx.pool.run('embedClipImage', { path: photo.pathRaw, ...options }).catch(failureOf('CLIP embedding')),
      write(photo, outcome, at) {
        if (outcome.kind === 'embedded') putClipEmbedding(db, photo.id, outcome.vector);
        else deleteClipEmbedding(db, photo.id);
        markStageDone(db, photo.id, CLIP_STAGE, version, outcome.kind === 'embedded' ? null : outcome.reason, at);
        return { problem: outcome.kind !== 'embedded' };
      },
    },
    jobId,
    signal,
  );
}
