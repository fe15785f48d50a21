import { describe, expect, it } from 'vitest';
import type { JobId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import { ellipsizeStart, formatDuration, formatProgressLine } from './progressBar.js';

const base: JobProgress = {
  jobId: 1 as JobId,
  kind: 'scan',
  state: 'running',
  phase: 'processing',
  done: 50,
  total: 200,
  problems: 2,
  ratePerSecond: 12.5,
  etaSeconds: 12,
  currentFile: '/photos/2024/holiday/IMG_0001.jpg',
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: null,
  error: null,
};

describe('progress line', () => {
  it('shows the bar, counts, rate, ETA, problems and the current file', () => {
    const line = formatProgressLine(base, 140);
    expect(line).toContain('processing [#######');
    expect(line).toContain('50/200 12.5/s ETA 12s 2 problems');
    expect(line.endsWith('IMG_0001.jpg')).toBe(true);
  });

  it('never exceeds the terminal width and keeps the file name end', () => {
    for (const columns of [40, 80, 100]) {
      const line = formatProgressLine({ ...base, currentFile: `/${'deep/'.repeat(40)}name.jpg` }, columns);
      expect(line.length).toBeLessThanOrEqual(columns);
    }
    expect(formatProgressLine({ ...base, currentFile: `/${'d/'.repeat(80)}x.jpg` }, 120)).toMatch(/….*x\.jpg$/);
  });

  it('counts found files while discovering, without an ETA', () => {
    const line = formatProgressLine({ ...base, phase: 'discovering', total: 900, done: 0, etaSeconds: null }, 120);
    expect(line).toContain('900 found');
    expect(line).not.toContain('ETA');
  });

  it('formats durations', () => {
    expect(formatDuration(5)).toBe('5s');
    expect(formatDuration(125)).toBe('2m05s');
    expect(formatDuration(7322)).toBe('2h02m');
    expect(ellipsizeStart('abcdef', 4)).toBe('…def');
  });
});
