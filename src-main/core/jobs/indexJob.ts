import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import * as stages from '../db/repos/photoJobsRepo.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import { FACE_STAGE } from '../inference/faces/faceStage.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { runPhotoStageJob } from './photoStageJob.js';
import { failureOf } from './stageFailure.js';

export type IndexJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  /** Identity of the face models and pipeline: photos processed by another version are processed again. */
  faceVersion: string;
  emit: (progress: JobProgress) => void;
}>;

/**
 * Analyses every decodable photo the current face pipeline has not processed, one decode per photo in the worker
 * pool. Each photo's faces, descriptors and its done-marker are written in one transaction.
 */
export function runIndexJob(ctx: IndexJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db, faceVersion, config } = ctx;
  const options = { modelsDir: config.modelsDir, threads: config.inferenceThreads, maxPixels: config.maxPixels };
  return runPhotoStageJob(
    { db, window: ctx.pool.size * 2, emit: ctx.emit },
    {
      kind: 'index',
      stages: [{ stage: FACE_STAGE, version: faceVersion }],
      analyze: (photo) =>
        ctx.pool.run('analyzePhoto', { path: photo.pathRaw, ...options }).catch(failureOf('analysis')),
      write(photo, analysis: PhotoAnalysis, at) {
        const failed = analysis.kind !== 'analyzed';
        replacePhotoFaces(db, photo.id, failed ? [] : analysis.faces, faceVersion);
        stages.markStageDone(db, photo.id, FACE_STAGE, faceVersion, failed ? analysis.reason : null, at);
        return { problem: failed };
      },
    },
    jobId,
    signal,
  );
}
