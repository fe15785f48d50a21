import { describe, expect, it } from 'vitest';
import type { JobId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { jobAmount, jobEta, jobRate } from './jobLabels.js';

const job = (over: Partial<JobProgress>): JobProgress => ({
  jobId: 1 as JobId,
  kind: 'text',
  state: 'running',
  phase: 'processing',
  done: 12,
  total: 480,
  problems: 0,
  ratePerSecond: 2.94,
  etaSeconds: 160,
  currentFile: null,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  error: null,
  ...over,
});

describe('job figures', () => {
  it('counts photos, files or bytes by kind', () => {
    expect(jobAmount(job({}))).toBe('12 of 480 photos');
    expect(jobAmount(job({ kind: 'scan' }))).toBe('12 of 480 files');
    expect(jobAmount(job({ kind: 'pack', done: 3 * 1024 * 1024, total: 350 * 1024 * 1024 }))).toBe('3 MB of 350 MB');
  });

  it('gives rate and ETA only while running', () => {
    expect(jobRate(job({}))).toBe('2.9 photos/s');
    expect(jobEta(job({}))).toBe('about 2 min 40 s left');
    expect(jobRate(job({ state: 'done' }))).toBeNull();
    expect(jobEta(job({ state: 'done' }))).toBeNull();
  });
});
