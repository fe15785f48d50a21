import type { JobId } from '../../../src-shared/types/ids.js';
import type { JobKind, JobPhase, JobProgress } from '../../../src-shared/types/job.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { createProgressMeter } from './progressMeter.js';

const EMIT_INTERVAL_MS = 200;
const PERSIST_INTERVAL_MS = 1000;

export type ProgressCounts = { done: number; total: number; problems: number };

export type ProgressReporter = Readonly<{
  counts: ProgressCounts;
  setPhase(phase: JobPhase): void;
  setCurrent(item: string | null): void;
  /** Records and publishes progress: to SQLite about once a second, as an event about five times a second. */
  report(force?: boolean): void;
}>;

/** Progress of one running job: persisted so a resumed job continues its counts, emitted for the UI and CLI. */
export function createProgressReporter(
  db: Db,
  jobId: number,
  kind: JobKind,
  emit: (progress: JobProgress) => void,
  initial: ProgressCounts,
): ProgressReporter {
  const meter = createProgressMeter();
  const counts = { ...initial };
  let phase: JobPhase = 'processing';
  let current: string | null = null;
  let lastEmit = 0;
  let lastPersist = 0;
  return {
    counts,
    setPhase: (next) => {
      phase = next;
    },
    setCurrent: (item) => {
      current = item;
    },
    report(force = false) {
      const now = Date.now();
      meter.sample(now, counts.done);
      if (force || now - lastPersist >= PERSIST_INTERVAL_MS) {
        jobs.updateJobProgress(db, jobId, { phase, ...counts });
        lastPersist = now;
      }
      if (!force && now - lastEmit < EMIT_INTERVAL_MS) return;
      lastEmit = now;
      const row = jobs.getJob(db, jobId)!;
      emit({
        jobId: jobId as JobId,
        kind,
        state: row.state,
        phase: row.state === 'running' || row.state === 'interrupted' || row.state === 'paused' ? phase : null,
        ...counts,
        ratePerSecond: Math.round(meter.ratePerSecond() * 10) / 10,
        etaSeconds: meter.etaSeconds(counts.done, counts.total, phase !== 'discovering'),
        currentFile: current,
        startedAt: row.startedAt,
        finishedAt: row.finishedAt,
        error: row.error,
      });
    },
  };
}
