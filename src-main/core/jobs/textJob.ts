import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { markStageDone } from '../db/repos/photoJobsRepo.js';
import { TEXT_STAGE } from '../inference/ocr/ocrStage.js';
import { indexPhotoText } from '../search/searchIndex.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { runPhotoStageJob } from './photoStageJob.js';
import { failureOf } from './stageFailure.js';

export type TextJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  textVersion: string;
  emit: (progress: JobProgress) => void;
}>;

/**
 * Reads the text in every photo (PP-OCRv4) into the search index: the slowest stage (a third to two thirds of a
 * second per photo), so it is its own job, run after faces and scenes, and cancellable like any job.
 */
export function runTextJob(ctx: TextJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db, config, textVersion } = ctx;
  const options = { modelsDir: config.modelsDir, threads: config.inferenceThreads, maxPixels: config.maxPixels };
  return runPhotoStageJob(
    { db, window: ctx.pool.size * 2, emit: ctx.emit },
    {
      kind: 'text',
      stages: [{ stage: TEXT_STAGE, version: textVersion }],
      analyze: (photo) =>
        ctx.pool.run('readText', { path: photo.pathRaw, ...options }).catch(failureOf('reading text')),
      write(photo, outcome, at) {
        const failed = outcome.kind !== 'read';
        indexPhotoText(db, photo.id, failed ? [] : outcome.text.lines.map((line) => line.text));
        markStageDone(db, photo.id, TEXT_STAGE, textVersion, failed ? outcome.reason : null, at);
        return { problem: failed };
      },
    },
    jobId,
    signal,
  );
}
