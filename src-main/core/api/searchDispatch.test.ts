import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../createCore.js';
import { openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';

/* The search and CLIP-pack methods through the one dispatch every transport calls: arguments checked at the boundary. */
describe('search and CLIP calls at the boundary', () => {
  let libraryDir: string;
  let core: Core;

  beforeAll(async () => {
    libraryDir = await tempDir('search-dispatch');
    core = await openTestCore(libraryDir);
  });

  afterAll(async () => {
    await core.close();
    await removeDir(libraryDir);
  });

  it.each([
    ['search.text', [{ text: '   ' }]],
    ['search.text', [{ text: 'dog', limit: 0 }]],
    ['search.text', [{ text: 'x'.repeat(501) }]],
    ['search.text', [{ text: 'dog', sort: 'date' }]],
    ['clip.install', [{}]],
    ['clip.install', [{ folder: '/a', manifest: '/b' }]],
    ['clip.activate', ['../evil']],
    ['clip.remove', [null]],
  ])('refuses %s with %j as invalid-argument', async (method, args) => {
    expect(await core.dispatch(method, args)).toMatchObject({ ok: false, error: { code: 'invalid-argument' } });
  });

  it('searches an empty library offline, and says when no CLIP pack is there to embed with', async () => {
    expect(await core.dispatch('search.text', [{ text: 'dog on a beach' }])).toMatchObject({
      ok: true,
      value: { engine: 'offline', total: 0, items: [] },
    });
    expect(await core.dispatch('clip.status', [])).toMatchObject({
      ok: true,
      value: { active: null, installed: [], photosEmbedded: 0, photos: 0 },
    });
    expect(await core.dispatch('clip.embed', [])).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(await core.dispatch('clip.activate', ['not-installed'])).toMatchObject({
      ok: false,
      error: { code: 'not-found' },
    });
  });
});
