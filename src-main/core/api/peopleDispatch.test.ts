import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../createCore.js';
import { openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';

/* The people and export methods through the one dispatch every transport calls: arguments checked at the boundary. */
describe('people and export calls at the boundary', () => {
  let libraryDir: string;
  let core: Core;

  beforeAll(async () => {
    libraryDir = await tempDir('people-dispatch');
    core = await openTestCore(libraryDir);
  });

  afterAll(async () => {
    await core.close();
    await removeDir(libraryDir);
  });

  it.each([
    ['people.rename', [1, '']],
    ['people.rename', [0, 'Ann']],
    ['people.merge', [1, []]],
    ['people.moveFace', [1, { person: -2 }]],
    ['people.moveFace', [1, { somewhere: true }]],
    ['people.rejectFace', [1, 'maybe']],
    ['people.list', [{ minPhotos: 0 }]],
    ['people.findByPhoto', ['/x.jpg', { mode: 'some' }]],
    ['exports.people', [{ destination: '/tmp/x', mode: 'move' }]],
    ['exports.people', [{ destination: '', mode: 'copy' }]],
  ])('refuses %s with %j as invalid-argument', async (method, args) => {
    const result = await core.dispatch(method, args);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('answers unknown people and faces with not-found', async () => {
    expect(await core.dispatch('people.get', [999])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await core.dispatch('people.rejectFace', [999, 'notAFace'])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
    expect(
      await core.dispatch('exports.people', [{ destination: libraryDir, mode: 'copy', people: [5] }]),
    ).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('clusters an empty library to an empty list of people', async () => {
    const started = await core.dispatch('people.cluster', ['full']);
    expect(started.ok).toBe(true);
    const job = await core.waitForJob((started as { value: { jobId: number } }).value.jobId);
    expect(job).toMatchObject({ kind: 'cluster', state: 'done', total: 0 });
    expect(await core.dispatch('people.list', [{}])).toMatchObject({ ok: true, value: { items: [], total: 0 } });
    expect(await core.dispatch('people.suggestions', [])).toMatchObject({ ok: true, value: [] });
  });
});
