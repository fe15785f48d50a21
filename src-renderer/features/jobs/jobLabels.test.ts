import { describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { jobProgress } from '../../testing/jobProgress.js';
import { jobAmount, jobEta, jobRate } from './jobLabels.js';

const job = (overrides: Partial<JobProgress>): JobProgress =>
  jobProgress({ kind: 'text', done: 12, total: 480, ratePerSecond: 2.94, etaSeconds: 160, ...overrides });

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
