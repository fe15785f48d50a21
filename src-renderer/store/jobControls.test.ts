import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { JobId } from '../../src-shared/types/ids.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport } from '../api/fakeTransport.js';
import { jobProgress } from '../testing/jobProgress.js';
import { selectCurrentScan } from './selectors.js';
import { createAppStore } from './useAppStore.js';

const SCAN = 7 as JobId;

/** A test fake of main for the job controls: job 7 pauses and resumes; anything else is a job that already ended. */
function setup() {
  const answer = (method: string, args: readonly unknown[]): Result<unknown> => {
    if (args[0] !== SCAN) return { ok: false, error: { code: 'conflict', message: `job ${String(args[0])} is done` } };
    if (method === 'jobs.pause') return { ok: true, value: jobProgress({ jobId: SCAN, state: 'paused', done: 4 }) };
    if (method === 'jobs.resume') return { ok: true, value: jobProgress({ jobId: SCAN, state: 'running', done: 4 }) };
    return { ok: false, error: { code: 'unknown-method', message: method } };
  };
  const fake = createFakeTransport(answer);
  return { fake, store: createAppStore(createApiClient(fake.transport)) };
}

describe('pausing and resuming from the renderer', () => {
  it('shows the job as main answers it: paused, then running again', async () => {
    const { fake, store } = setup();
    // An older finished scan must not hide the paused one.
    store.getState().applyProgress(jobProgress({ jobId: 3 as JobId, state: 'done' }));
    store.getState().applyProgress(jobProgress({ jobId: SCAN, state: 'running', done: 2 }));

    await store.getState().pauseJob(SCAN);
    expect(fake.calls).toContainEqual(['jobs.pause', [SCAN]]);
    expect(selectCurrentScan(store.getState())).toMatchObject({ jobId: SCAN, state: 'paused', done: 4 });

    await store.getState().resumeJob(SCAN);
    expect(fake.calls).toContainEqual(['jobs.resume', [SCAN]]);
    expect(selectCurrentScan(store.getState())).toMatchObject({ jobId: SCAN, state: 'running' });
    expect(store.getState().jobsError).toBeNull();
  });

  it('shows why main refused, and clears it on the next control that works', async () => {
    const { store } = setup();
    await store.getState().pauseJob(3 as JobId);
    expect(store.getState().jobsError).toMatch(/job 3 is done/);
    await store.getState().pauseJob(SCAN);
    expect(store.getState().jobsError).toBeNull();
  });
});
