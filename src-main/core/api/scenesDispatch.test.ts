import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../createCore.js';
import { openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';

/* The scenes methods through the one dispatch every transport calls: arguments checked at the boundary. */
describe('scenes calls at the boundary', () => {
  let libraryDir: string;
  let core: Core;

  beforeAll(async () => {
    libraryDir = await tempDir('scenes-dispatch');
    core = await openTestCore(libraryDir);
  });

  afterAll(async () => {
    await core.close();
    await removeDir(libraryDir);
  });

  it.each([
    ['scenes.list', [{ top: 0 }]],
    ['scenes.list', [{ top: 5, extra: 1 }]],
    ['scenes.list', []],
    ['scenes.get', [0]],
    ['scenes.get', ['1']],
    ['scenes.photos', [1, { limit: 0 }]],
    ['scenes.rename', [1, '']],
    ['scenes.rename', [1, '   ']],
    ['scenes.rename', [-1, 'Beach']],
    ['scenes.rename', [1, 'x'.repeat(201)]],
    ['scenes.similar', [1.5]],
    ['scenes.similar', [1, 0]],
    ['scenes.cluster', ['full']],
    ['exports.scenes', [{ destination: '/tmp/x', mode: 'move' }]],
    ['exports.scenes', [{ destination: '/tmp/x', mode: 'copy', scenes: [0] }]],
    ['exports.scenes', [{ destination: '/tmp/x', mode: 'copy', top: 0 }]],
  ])('refuses %s with %j as invalid-argument', async (method, args) => {
    const result = await core.dispatch(method, args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers unknown scenes and photos without vectors with not-found', async () => {
    expect(await core.dispatch('scenes.get', [999])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await core.dispatch('scenes.rename', [999, 'Beach'])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(await core.dispatch('scenes.similar', [999])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(
      await core.dispatch('exports.scenes', [{ destination: libraryDir, mode: 'copy', scenes: [5] }]),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('clusters an empty library to no scenes', async () => {
    const started = await core.dispatch('scenes.cluster', []);
    expect(started.ok).toBe(true);
    const job = await core.waitForJob((started as { value: { jobId: number } }).value.jobId);
    expect(job).toMatchObject({ kind: 'scenes', state: 'done', total: 0 });
    expect(await core.dispatch('scenes.list', [{}])).toMatchObject({ ok: true, value: [] });
  });
});
