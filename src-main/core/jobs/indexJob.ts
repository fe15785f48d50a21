import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import * as stages from '../db/repos/photoJobsRepo.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import { FACE_STAGE } from '../inference/faces/faceStage.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { dispatchBounded } from './boundedDispatch.js';
import { endFinishedJob, endStoppedJob } from './jobEnd.js';
import { createProgressReporter } from './jobProgress.js';

export type IndexJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  /** Identity of the face models and pipeline: photos processed by another version are processed again. */
  faceVersion: string;
  emit: (progress: JobProgress) => void;
}>;

const PAGE = 64;

/**
 * Analyses every decodable photo the current face pipeline has not processed, one decode per photo in the worker
 * pool. Each photo's faces, descriptors and its done-marker are written in one transaction, so a killed process
 * resumes with every photo's faces present exactly once.
 */
export async function runIndexJob(ctx: IndexJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db, faceVersion } = ctx;
  jobs.setJobRunning(db, jobId);
  const total = stages.countPhotosForStages(db);
  const progress = createProgressReporter(db, jobId, 'index', ctx.emit, {
    total,
    done: total - stages.countPhotosNeedingStage(db, FACE_STAGE, faceVersion),
    problems: jobs.getJob(db, jobId)?.problems ?? 0,
  });
  const { counts } = progress;
  progress.report(true);
  const options = {
    modelsDir: ctx.config.modelsDir,
    threads: ctx.config.inferenceThreads,
    maxPixels: ctx.config.maxPixels,
  };

  await dispatchBounded<stages.StageWork>(
    (after) => stages.photosNeedingStage(db, FACE_STAGE, faceVersion, after?.id ?? 0, PAGE),
    ctx.pool.size * 2,
    signal,
    async (photo) => {
      const analysis: PhotoAnalysis = await ctx.pool
        .run('analyzePhoto', { path: photo.pathRaw, ...options })
        .catch((error: unknown) => analysisFailure(error));
      const at = new Date().toISOString();
      db.transaction(() => {
        if (analysis.kind === 'analyzed') {
          replacePhotoFaces(db, photo.id, analysis.faces, faceVersion);
          stages.markStageDone(db, photo.id, FACE_STAGE, faceVersion, null, at);
        } else {
          replacePhotoFaces(db, photo.id, [], faceVersion);
          stages.markStageDone(db, photo.id, FACE_STAGE, faceVersion, analysis.reason, at);
          counts.problems += 1;
        }
      })();
      counts.done += 1;
      progress.setCurrent(photo.path);
      progress.report();
    },
  );

  return endStoppedJob(db, jobId, signal, progress) ?? endFinishedJob(db, jobId, progress);
}

function analysisFailure(error: unknown): PhotoAnalysis {
  return { kind: 'failed', reason: `analysis failed: ${error instanceof Error ? error.message : String(error)}` };
}
