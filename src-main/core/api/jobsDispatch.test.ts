import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-shared/types/job.js';
import type { Core } from '../createCore.js';
import { allPhotos, openTestCore, removeDir, tempDir, writeJpeg } from '../../testing/fixtures.js';

const PHOTOS = 30;

/* jobs.pause and jobs.resume through the one dispatch every transport (IPC, web host) calls. */
describe('pausing and resuming jobs at the boundary', () => {
  let photosDir: string;
  let libraryDir: string;
  let core: Core;

  beforeAll(async () => {
    photosDir = await tempDir('jobs-dispatch-photos');
    libraryDir = await tempDir('jobs-dispatch');
    for (let i = 0; i < PHOTOS; i++) await writeJpeg(join(photosDir, `p${i}.jpg`), i + 1);
    core = await openTestCore(libraryDir);
  });

  afterAll(async () => {
    await core.close();
    await removeDir(photosDir);
    await removeDir(libraryDir);
  });

  async function call<T>(method: string, args: unknown[]): Promise<T> {
    const result = await core.dispatch(method, args);
    if (!result.ok) throw new Error(`${method}: ${result.error.code} ${result.error.message}`);
    return result.value as T;
  }

  it.each([
    ['jobs.pause', []],
    ['jobs.pause', ['1']],
    ['jobs.pause', [0]],
    ['jobs.pause', [1.5]],
    ['jobs.resume', [-1]],
    ['jobs.resume', [1, 2]],
  ])('refuses %s with %j as invalid-argument', async (method, args) => {
    expect(await core.dispatch(method, args)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers unknown jobs with not-found', async () => {
    expect(await core.dispatch('jobs.pause', [999])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await core.dispatch('jobs.resume', [999])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('pauses a scan as it starts, resumes it, and ends with every photo indexed once', async () => {
    const root = await core.handlers.library.addRoot(photosDir);
    const started = await call<JobProgress>('library.startScan', [[root.id]]);
    // Asked before the scan's first file read can come back: the pause is taken at its first safe point.
    const paused = await call<JobProgress>('jobs.pause', [started.jobId]);
    expect(paused).toMatchObject({ jobId: started.jobId, kind: 'scan', state: 'paused' });
    expect(paused.done).toBeLessThan(PHOTOS);
    expect(await call<JobProgress[]>('jobs.list', [true])).toEqual([expect.objectContaining({ state: 'paused' })]);
    expect(await core.dispatch('jobs.resume', [started.jobId])).toMatchObject({
      ok: true,
      value: { state: 'running' },
    });
    const final = await core.waitForJob(started.jobId);
    expect(final).toMatchObject({ state: 'done', done: PHOTOS, total: PHOTOS });
    const photos = await allPhotos(core);
    expect(photos).toHaveLength(PHOTOS);
    expect(new Set(photos.map((p) => p.path)).size).toBe(PHOTOS);

    expect(await core.dispatch('jobs.pause', [started.jobId])).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: `job ${started.jobId} is done: only a running job can be paused` },
    });
    expect(await core.dispatch('jobs.resume', [started.jobId])).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
  });

  it('resumes a scan paused before the app restarted, over its own folders', async () => {
    const other = await tempDir('jobs-dispatch-other');
    try {
      await writeJpeg(join(other, 'elsewhere.jpg'), 99);
      await core.handlers.library.addRoot(other);
      const first = (await core.handlers.library.status()).roots.find((r) => r.path === photosDir)!;
      await writeJpeg(join(photosDir, 'new.jpg'), 100);
      const started = await call<JobProgress>('library.startScan', [[first.id]]);
      await call<JobProgress>('jobs.pause', [started.jobId]);
      await core.close();
      core = await openTestCore(libraryDir);
      expect(await call<JobProgress>('jobs.get', [started.jobId])).toMatchObject({ state: 'paused' });
      expect(await call<JobProgress>('jobs.resume', [started.jobId])).toMatchObject({ jobId: started.jobId });
      expect(await core.waitForJob(started.jobId)).toMatchObject({ state: 'done', total: PHOTOS + 1 });
      const names = (await allPhotos(core)).map((p) => p.name);
      expect(names).toContain('new.jpg');
      expect(names).not.toContain('elsewhere.jpg');
    } finally {
      await removeDir(other);
    }
  });

  it('cancels a paused scan', async () => {
    const started = await call<JobProgress>('library.startScan', []);
    await call<JobProgress>('jobs.pause', [started.jobId]);
    expect(await call<JobProgress>('jobs.cancel', [started.jobId])).toMatchObject({ state: 'cancelled' });
    expect(await call<JobProgress[]>('jobs.list', [true])).toEqual([]);
  });
});
