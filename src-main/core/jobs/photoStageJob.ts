import type { JobKind, JobState } from '../../../src-shared/types/job.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import * as stages from '../db/repos/photoJobsRepo.js';
import { dispatchBounded } from './boundedDispatch.js';
import { endFinishedJob, endStoppedJob } from './jobEnd.js';
import { createProgressReporter } from './jobProgress.js';
import type { JobProgress } from '../../../src-shared/types/job.js';

export type PhotoStageJobContext = Readonly<{
  db: Db;
  /** Photos in flight at once: twice the pool's workers keeps every worker busy. */
  window: number;
  emit: (progress: JobProgress) => void;
}>;

/** A resumable per-photo job: which stages it brings photos up to, how it works out a photo, how it stores that. */
export type PhotoStageJob<R> = Readonly<{
  kind: JobKind;
  stages: readonly stages.StageAt[];
  /** Works out one photo (off the main thread); failures come back as results, never as a rejection. */
  analyze(photo: stages.StageWork): Promise<R>;
  /**
   * Stores one photo's result and marks each stage it needed as done; runs inside one transaction with nothing else,
   * so a killed process resumes with every photo's result present exactly once. Returns whether it was a problem.
   */
  write(photo: stages.StageWork, result: R, at: string): { problem: boolean };
}>;

const PAGE = 64;

/** Runs `job` over every decodable photo that lacks one of its stages at the current version. */
export async function runPhotoStageJob<R>(
  ctx: PhotoStageJobContext,
  job: PhotoStageJob<R>,
  jobId: number,
  signal: AbortSignal,
): Promise<JobState> {
  const { db } = ctx;
  jobs.setJobRunning(db, jobId);
  const total = stages.countPhotosForStages(db);
  const progress = createProgressReporter(db, jobId, job.kind, ctx.emit, {
    total,
    done: total - stages.countPhotosNeedingStages(db, job.stages),
    problems: jobs.getJob(db, jobId)?.problems ?? 0,
  });
  const { counts } = progress;
  progress.report(true);

  await dispatchBounded<stages.StageWork>(
    (after) => stages.photosNeedingStages(db, job.stages, after?.id ?? 0, PAGE),
    ctx.window,
    signal,
    async (photo) => {
      const result = await job.analyze(photo);
      const at = new Date().toISOString();
      const { problem } = db.transaction(() => job.write(photo, result, at))();
      if (problem) counts.problems += 1;
      counts.done += 1;
      progress.setCurrent(photo.path);
      progress.report();
    },
  );

  return endStoppedJob(db, jobId, signal, progress) ?? endFinishedJob(db, jobId, progress);
}
