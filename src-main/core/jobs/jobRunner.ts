import { join } from 'node:path';
import type { JobId } from '../../../src-shared/types/ids.js';
import type { JobIssue, JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { AppError } from '../errors.js';
import { acquireJobLock, lockHolder } from '../util/jobLock.js';
import { createLogger } from '../util/logger.js';
import { SHUTDOWN } from './abortReasons.js';

const log = createLogger('jobRunner');

type Active = { controller: AbortController; done: Promise<JobState>; last: JobProgress | null };

export type JobRunner = Readonly<{
  /**
   * Starts `run` for a job under the library's job lock; `prepare` runs once the lock is held and picks the job id;
   * `then` runs after the job ended and the lock was released (to chain the next job).
   */
  start(
    prepare: () => number,
    run: (jobId: number, signal: AbortSignal) => Promise<JobState>,
    then?: (state: JobState) => void,
  ): JobProgress;
  activeJobId(): number | null;
  progress(jobId: number): JobProgress;
  issues(jobId: number): JobIssue[];
  list(activeOnly: boolean): JobProgress[];
  cancel(jobId: number): JobProgress;
  wait(jobId: number): Promise<JobProgress>;
  record(progress: JobProgress): void;
  /** Pauses the running job so that it resumes on the next start, then resolves. */
  shutdown(): Promise<void>;
}>;

/**
 * `emit` publishes a job's final progress when it fails: a failing job's own reporter never gets to say so, and
 * clients would otherwise see it running for ever.
 */
export function createJobRunner(
  db: Db,
  libraryDir: string,
  emit: (progress: JobProgress) => void = () => undefined,
): JobRunner {
  const lockFile = join(libraryDir, 'jobs.lock');
  const active = new Map<number, Active>();

  function fromRow(row: jobs.JobRow): JobProgress {
    const live = active.get(row.id);
    if (live?.last && live.last.state === row.state) return live.last;
    // A job marked running that no live process holds was cut off: report what it really is.
    const state = row.state === 'running' && !live && lockHolder(lockFile) === null ? 'interrupted' : row.state;
    return {
      jobId: row.id as JobId,
      kind: row.kind,
      state,
      phase: row.phase,
      done: row.done,
      total: row.total,
      problems: row.problems,
      ratePerSecond: 0,
      etaSeconds: null,
      currentFile: null,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      error: row.error,
    };
  }

  function progress(jobId: number): JobProgress {
    const row = jobs.getJob(db, jobId);
    if (!row) throw new AppError('not-found', `no job ${jobId}`);
    return fromRow(row);
  }

  return {
    start(prepare, run, then) {
      if (active.size > 0) throw new AppError('busy', 'a job is already running');
      const lock = acquireJobLock(lockFile);
      let jobId: number;
      try {
        jobs.markRunningInterrupted(db);
        jobId = prepare();
      } catch (error) {
        lock.release();
        throw error;
      }
      const controller = new AbortController();
      const entry: Active = { controller, last: null, done: Promise.resolve('running') };
      entry.done = run(jobId, controller.signal)
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          log.error(`job ${jobId} failed: ${message}`);
          jobs.finishJob(db, jobId, 'failed', new Date().toISOString(), message);
          emit(progress(jobId));
          return 'failed' as const;
        })
        .finally(() => {
          active.delete(jobId);
          lock.release();
        });
      if (then) {
        void entry.done.then((state) => {
          try {
            then(state);
          } catch (error) {
            log.error(
              `the job after job ${jobId} did not start: ${error instanceof Error ? error.message : String(error)}`,
            );
          }
        });
      }
      active.set(jobId, entry);
      return progress(jobId);
    },
    activeJobId: () => active.keys().next().value ?? null,
    progress,
    issues(jobId) {
      progress(jobId);
      return jobs.listJobIssues(db, jobId);
    },
    list: (activeOnly) => jobs.listJobs(db, activeOnly).map(fromRow),
    cancel(jobId) {
      const live = active.get(jobId);
      if (!live) {
        const current = progress(jobId);
        if (current.state !== 'interrupted') return current;
        // An interrupted job nobody runs: cancelling it means it will not be resumed.
        jobs.finishJob(db, jobId, 'cancelled', new Date().toISOString(), null);
        return progress(jobId);
      }
      live.controller.abort('cancel');
      return progress(jobId);
    },
    async wait(jobId) {
      await active.get(jobId)?.done;
      return progress(jobId);
    },
    record(p) {
      const live = active.get(p.jobId);
      if (live) live.last = p;
    },
    async shutdown() {
      for (const live of active.values()) live.controller.abort(SHUTDOWN);
      await Promise.all([...active.values()].map((a) => a.done));
    },
  };
}
