import type { JobState } from '../../../src-shared/types/job.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { PAUSE, SHUTDOWN } from './abortReasons.js';
import type { ProgressReporter } from './jobProgress.js';

/**
 * Ends a job that was stopped: a shutdown (app quit, Ctrl-C) leaves it interrupted, to resume on the next start; a
 * pause leaves it paused, its resumable state kept just as for a shutdown; a cancel finishes it, after `discard`
 * dropped its resumable state. Returns null when the job was not stopped.
 */
export function endStoppedJob(
  db: Db,
  jobId: number,
  signal: AbortSignal,
  progress: ProgressReporter,
  discard: () => void = () => undefined,
): JobState | null {
  if (!signal.aborted) return null;
  if (signal.reason === SHUTDOWN) {
    jobs.markJobInterrupted(db, jobId);
    progress.report(true);
    return 'interrupted';
  }
  if (signal.reason === PAUSE) {
    jobs.markJobPaused(db, jobId, new Date().toISOString());
    progress.report(true);
    return 'paused';
  }
  discard();
  jobs.finishJob(db, jobId, 'cancelled', new Date().toISOString(), null);
  progress.report(true);
  return 'cancelled';
}

export function endFinishedJob(db: Db, jobId: number, progress: ProgressReporter): JobState {
  jobs.finishJob(db, jobId, 'done', new Date().toISOString(), null);
  progress.setCurrent(null);
  progress.report(true);
  return 'done';
}
