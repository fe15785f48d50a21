import type { JobId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';

/** A job's progress for renderer tests: a running scan of 10 files unless overridden. */
export function jobProgress(overrides: Partial<JobProgress> = {}): JobProgress {
  return {
    jobId: 1 as JobId,
    kind: 'scan',
    state: 'running',
    phase: 'processing',
    done: 0,
    total: 10,
    problems: 0,
    ratePerSecond: 0,
    etaSeconds: null,
    currentFile: null,
    startedAt: '2025-01-01T00:00:00Z',
    finishedAt: null,
    error: null,
    ...overrides,
  };
}
