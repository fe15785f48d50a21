import { join } from 'node:path';
import type { JobId } from '../../../src-shared/types/ids.js';
import type { JobIssue, JobKind, JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { AppError } from '../errors.js';
import { acquireJobLock, lockHolder } from '../util/jobLock.js';
import { createLogger } from '../util/logger.js';
import { PAUSE, SHUTDOWN } from './abortReasons.js';

const log = createLogger('jobRunner');

type RunJob = (jobId: number, signal: AbortSignal) => Promise<JobState>;
type AfterJob = (state: JobState) => void;
/** How a job was started: what `resume` runs again, through the same path that resumes an interrupted job. */
type Restart = Readonly<{ run: RunJob; then: AfterJob | undefined }>;

export type KindRestarts = Partial<Record<JobKind, (jobId: number) => JobProgress | Promise<JobProgress>>>;

type Active = { controller: AbortController; done: Promise<JobState>; last: JobProgress | null };

export type JobRunner = Readonly<{
  /**
   * Starts `run` for a job under the library's job lock; `prepare` runs once the lock is held and picks the job id;
   * `then` runs after the job ended and the lock was released (to chain the next job).
   */
  start(prepare: () => number, run: RunJob, then?: AfterJob): JobProgress;
  activeJobId(): number | null;
  progress(jobId: number): JobProgress;
  issues(jobId: number): JobIssue[];
  list(activeOnly: boolean): JobProgress[];
  /** Stops a running or paused job for good; work already done is kept. */
  cancel(jobId: number): JobProgress;
  /**
   * Stops a running job at its next safe point (photos in flight finish and are written) and resolves once it is
   * `paused`. Pausing a paused job answers it as it is; any other job is a conflict.
   */
  pause(jobId: number): Promise<JobProgress>;
  /**
   * Runs a paused job again where it stopped (busy while another job runs); a running job is answered as it is. A job
   * paused by an earlier process is started again through its kind's restart (`restartKinds`), which resumes it.
   */
  resume(jobId: number): Promise<JobProgress>;
  /** How each kind's service starts its job again; a start resumes the unfinished (paused) job of its kind. */
  restartKinds(byKind: KindRestarts): void;
  wait(jobId: number): Promise<JobProgress>;
  record(progress: JobProgress): void;
  /** Stops the running job so that it resumes on the next start of its kind, then resolves. */
  stopActive(): Promise<void>;
  /** As stopActive, for good: no job starts afterwards (the worker pool closes next). */
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
  // Jobs paused in this process, by id: a paused job's run function is the closure its service gave `start`.
  const paused = new Map<number, Restart>();
  let kindRestarts: KindRestarts = {};

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

  /** Set by shutdown: no job starts after it, chained or asked for. */
  let closing = false;

  const runner: JobRunner = {
    start(prepare, run, then) {
      // A job chained to one that ends during shutdown would otherwise start on a closing worker pool.
      if (closing) throw new AppError('unavailable', 'Facets is shutting down: no job starts now');
      if (active.size > 0) throw new AppError('busy', 'a job is already running');
      const lock = acquireJobLock(lockFile);
      let jobId: number;
      try {
        jobs.markRunningInterrupted(db);
        jobId = prepare();
        // However it resumes (resume, or a new start of its kind), a paused job's old restart is spent.
        paused.delete(jobId);
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
        .then((state) => {
          if (state === 'paused') paused.set(jobId, { run, then });
          return state;
        })
        .finally(() => {
          active.delete(jobId);
          lock.release();
        });
      if (then) {
        void entry.done.then((state) => {
          if (closing) return;
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
        if (current.state !== 'interrupted' && current.state !== 'paused') return current;
        // An interrupted or paused job nobody runs: cancelling it means it will not be resumed.
        jobs.finishJob(db, jobId, 'cancelled', new Date().toISOString(), null);
        paused.delete(jobId);
        return progress(jobId);
      }
      live.controller.abort('cancel');
      return progress(jobId);
    },
    async pause(jobId) {
      const live = active.get(jobId);
      if (!live) {
        const current = progress(jobId);
        if (current.state === 'paused') return current;
        throw new AppError('conflict', `job ${jobId} is ${current.state}: only a running job can be paused`);
      }
      // A job already stopping (cancel, shutdown) keeps its reason: abort() with a reason set is a no-op.
      live.controller.abort(PAUSE);
      await live.done;
      return progress(jobId);
    },
    async resume(jobId) {
      if (active.has(jobId)) return progress(jobId);
      const current = progress(jobId);
      if (current.state !== 'paused')
        throw new AppError('conflict', `job ${jobId} is ${current.state}: only a paused job can be resumed`);
      const restart = paused.get(jobId);
      // The same start as any other: the lock, the busy check, and the job's own resume from what SQLite holds.
      if (restart) return runner.start(() => jobId, restart.run, restart.then);
      const restartKind = kindRestarts[current.kind];
      if (!restartKind) {
        throw new AppError(
          'conflict',
          `job ${jobId} was paused before Facets last started: start a ${current.kind} job again to continue it`,
        );
      }
      const resumed = await restartKind(jobId);
      if (resumed.jobId !== jobId) throw new AppError('internal', `resuming job ${jobId} started job ${resumed.jobId}`);
      return resumed;
    },
    restartKinds(byKind) {
      kindRestarts = byKind;
    },
    async wait(jobId) {
      await active.get(jobId)?.done;
      return progress(jobId);
    },
    record(p) {
      const live = active.get(p.jobId);
      if (live) live.last = p;
    },
    async stopActive() {
      for (const live of active.values()) live.controller.abort(SHUTDOWN);
      await Promise.all([...active.values()].map((a) => a.done));
    },
    async shutdown() {
      closing = true;
      await runner.stopActive();
    },
  };
  return runner;
}
