import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { JobId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { SearchResult } from '../../src-shared/types/search.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport, ok } from '../api/fakeTransport.js';
import type { Transport } from '../api/transport.js';
import { jobProgress } from '../testing/jobProgress.js';
import {
  selectClipInstallJob,
  selectRunningJobCount,
  selectSearchLoad,
  selectSearchResult,
} from './searchSelectors.js';
import { createAppStore } from './useAppStore.js';

const answer = (query: string): SearchResult => ({
  query,
  engine: 'offline',
  concepts: [{ text: query, tags: [], words: [] }],
  total: 0,
  offset: 0,
  items: [],
});

/** A transport whose search answers arrive only when the test releases them, in any order. */
function deferredSearch() {
  const pending = new Map<string, (result: Result<unknown>) => void>();
  const transport: Transport = {
    invoke: (_method, args) => new Promise((resolve) => pending.set((args[0] as { text: string }).text, resolve)),
    on: () => () => undefined,
    pathForFile: () => null,
  };
  const release = (text: string) => pending.get(text)?.({ ok: true, value: answer(text) });
  return { transport, release };
}

describe('search slice', () => {
  it('keeps only the latest answer when an older one arrives after it', async () => {
    const { transport, release } = deferredSearch();
    const store = createAppStore(createApiClient(transport));
    store.getState().setSearchText('dog');
    const first = store.getState().runSearch();
    store.getState().setSearchText('dog on a beach');
    const second = store.getState().runSearch();
    release('dog on a beach');
    await second;
    release('dog');
    await first;
    expect(selectSearchResult(store.getState())?.query).toBe('dog on a beach');
    expect(selectSearchLoad(store.getState())).toEqual({ loading: false, error: null });
  });

  it('drops an answer that lands after the box was cleared, and an empty box asks nothing', async () => {
    const { transport, release } = deferredSearch();
    const store = createAppStore(createApiClient(transport));
    store.getState().setSearchText('cake');
    const pending = store.getState().runSearch();
    store.getState().clearSearch();
    release('cake');
    await pending;
    expect(selectSearchResult(store.getState())).toBeNull();
    await store.getState().runSearch();
    expect(selectSearchResult(store.getState())).toBeNull();
  });

  it('shows a failed search as an error, without results', async () => {
    const fake = createFakeTransport(() => ({ ok: false, error: { code: 'internal', message: 'index is busy' } }));
    const store = createAppStore(createApiClient(fake.transport));
    store.getState().setSearchText('tree');
    await store.getState().runSearch();
    expect(selectSearchLoad(store.getState()).error).toContain('index is busy');
    expect(selectSearchResult(store.getState())).toBeNull();
  });
});

describe('clip pack install and text jobs', () => {
  const job = (overrides: Partial<JobProgress>): JobProgress =>
    jobProgress({ jobId: 7 as JobId, kind: 'pack', phase: null, total: 0, ...overrides });

  it('follows the install it started until its job fails', async () => {
    const fake = createFakeTransport((method) => (method === 'clip.install' ? ok(job({})) : ok(null)));
    const store = createAppStore(createApiClient(fake.transport));
    expect(await store.getState().installClipPack({ folder: '  /tmp/not-a-pack ' })).toBe(true);
    expect(fake.callsOf('clip.install')).toEqual([[{ folder: '/tmp/not-a-pack' }]]);
    expect(selectRunningJobCount(store.getState())).toBe(1);
    store.getState().applyProgress(job({ state: 'failed', error: 'no facets-clip-pack.json in /tmp/not-a-pack' }));
    expect(selectClipInstallJob(store.getState())?.error).toContain('facets-clip-pack.json');
  });

  it('refuses an empty path without asking main', async () => {
    const fake = createFakeTransport(() => ok(null));
    const store = createAppStore(createApiClient(fake.transport));
    expect(await store.getState().installClipPack({ manifest: ' ' })).toBe(false);
    expect(fake.calls).toEqual([]);
    expect(store.getState().clipLoad.error).toMatch(/path/);
  });

  it('starts reading text and keeps a refusal as the jobs error', async () => {
    const fake = createFakeTransport(() => ({
      ok: false,
      error: { code: 'busy', message: 'a cluster job is running; reading text follows it' },
    }));
    const store = createAppStore(createApiClient(fake.transport));
    await store.getState().startText();
    expect(store.getState().jobsError).toContain('reading text follows it');
    store.getState().dismissJobsError();
    expect(store.getState().jobsError).toBeNull();
  });
});
