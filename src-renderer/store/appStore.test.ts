import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { JobId, PhotoId, RootId } from '../../src-shared/types/ids.js';
import type { LibraryStatus } from '../../src-shared/types/library.js';
import type { Page, PhotoQuery, PhotoSummary } from '../../src-shared/types/photo.js';
import { createApiClient } from '../api/client.js';
import { jobProgress } from '../testing/jobProgress.js';
import { createFakeTransport } from '../api/fakeTransport.js';
import { connectEvents, REFRESH_INTERVAL_MS } from './connectEvents.js';
import { isNewerProgress } from './jobsSlice.js';
import { GRID_STATUSES, LIBRARY_PHOTO_PAGE, PAGE_SIZE, PROBLEM_STATUSES } from './librarySlice.js';
import { selectCurrentScan, selectIsScanning, selectRoots } from './selectors.js';
import { createAppStore } from './useAppStore.js';

const status: LibraryStatus = {
  libraryDir: '/lib',
  roots: [
    {
      id: 1 as RootId,
      path: '/photos',
      addedAt: '2025-01-01T00:00:00Z',
      lastScanAt: null,
      photoCount: 2,
      available: true,
    },
  ],
  counts: {
    total: 2,
    byStatus: { ok: 1, damaged: 0, unsupported: 0, error: 1 },
    byFormat: { jpeg: 2 },
    faces: 0,
    photosAnalyzed: 0,
  },
  activeJobs: [],
};

const progress = jobProgress;

function photo(id: number, status: PhotoSummary['status']): PhotoSummary {
  return {
    id: id as PhotoId,
    rootId: 1 as RootId,
    path: `/photos/${id}.jpg`,
    name: `${id}.jpg`,
    format: 'jpeg',
    width: 10,
    height: 10,
    status,
    problem: status === 'ok' ? null : { code: 'corrupt', message: 'broken' },
    takenAt: null,
    thumbUrl: status === 'ok' ? `/media/thumb/${id}` : null,
    photoUrl: status === 'ok' ? `/media/photo/${id}` : null,
  };
}

/** An in-memory stand-in for main: answers the few methods the store calls and lets tests emit events. */
function fakeTransport() {
  const photos = [photo(1, 'ok'), photo(2, 'error')];
  let failAddRoot = false;
  const answer = (method: string, args: readonly unknown[]): Result<unknown> => {
    switch (method) {
      case 'library.status':
        return { ok: true, value: status };
      case 'library.addRoot':
        return failAddRoot
          ? {
              ok: false,
              error: { code: 'conflict', message: 'That folder is inside /photos, which is already in the library.' },
            }
          : { ok: true, value: status.roots[0] };
      case 'library.startScan':
        return { ok: true, value: progress({ jobId: 7 as JobId, done: 0 }) };
      case 'photos.list': {
        const query = args[0] as PhotoQuery;
        const items = photos.filter((each) => query.status?.includes(each.status) ?? true);
        const page: Page<PhotoSummary> = {
          items,
          total: items.length,
          offset: query.offset ?? 0,
          limit: query.limit ?? 100,
        };
        return { ok: true, value: page };
      }
      case 'jobs.list':
        return { ok: true, value: [progress({ jobId: 3 as JobId, state: 'done', done: 10 })] };
      default:
        return { ok: false, error: { code: 'unknown-method', message: method } };
    }
  };
  return { ...createFakeTransport(answer), refuseAddRoot: () => (failAddRoot = true) };
}

function setup() {
  const fake = fakeTransport();
  const store = createAppStore(createApiClient(fake.transport));
  return { fake, store };
}

describe('library slice', () => {
  it('loads status, the grid page and the problems page with the right filters', async () => {
    const { fake, store } = setup();
    await store.getState().refreshLibrary();
    const state = store.getState();
    expect(selectRoots(state).map((root) => root.path)).toEqual(['/photos']);
    expect(state.photos?.pages[0]?.map((each) => each.id)).toEqual([1]);
    expect(state.problems?.items.map((each) => each.id)).toEqual([2]);
    const queries = fake.calls.filter(([method]) => method === 'photos.list').map(([, args]) => args[0] as PhotoQuery);
    expect(queries).toContainEqual(
      expect.objectContaining({ status: [...GRID_STATUSES], offset: 0, limit: LIBRARY_PHOTO_PAGE }),
    );
    expect(queries).toContainEqual(
      expect.objectContaining({ status: [...PROBLEM_STATUSES], offset: 0, limit: PAGE_SIZE }),
    );
  });

  it('loads the grid a page at a time as it scrolls, each page once, and starts over on a reload', async () => {
    const { fake, store } = setup();
    await store.getState().loadPhotos();
    await Promise.all([store.getState().loadPhotoPage(3), store.getState().loadPhotoPage(3)]);
    await store.getState().loadPhotoPage(0);
    const offsets = () =>
      fake.calls.filter(([method]) => method === 'photos.list').map(([, args]) => (args[0] as PhotoQuery).offset);
    expect(offsets()).toEqual([0, 3 * LIBRARY_PHOTO_PAGE]);
    expect(Object.keys(store.getState().photos?.pages ?? {})).toEqual(['0', '3']);
    await store.getState().loadPhotos();
    expect(Object.keys(store.getState().photos?.pages ?? {})).toEqual(['0']);
    expect(offsets()).toEqual([0, 3 * LIBRARY_PHOTO_PAGE, 0]);
  });

  it('adds a trimmed folder and refreshes, or reports why it was refused', async () => {
    const { fake, store } = setup();
    await expect(store.getState().addRoot('  /photos  ')).resolves.toBe(true);
    expect(fake.calls).toContainEqual(['library.addRoot', ['/photos']]);
    expect(store.getState().status).toEqual(status);

    fake.refuseAddRoot();
    await expect(store.getState().addRoot('/photos/2024')).resolves.toBe(false);
    expect(store.getState().libraryError).toMatch(/already in the library/);
    store.getState().dismissError();
    expect(store.getState().libraryError).toBeNull();

    await expect(store.getState().addRoot('   ')).resolves.toBe(false);
    expect(fake.calls.filter(([method]) => method === 'library.addRoot')).toHaveLength(2);
  });
});

describe('jobs slice', () => {
  it('starts a scan without arguments and tracks it as the current scan', async () => {
    const { fake, store } = setup();
    await store.getState().loadJobs();
    await store.getState().startScan();
    expect(fake.calls).toContainEqual(['library.startScan', []]);
    expect(selectCurrentScan(store.getState())?.jobId).toBe(7);
    expect(selectIsScanning(store.getState())).toBe(true);
  });

  it('never lets an older snapshot overwrite newer progress', () => {
    expect(isNewerProgress(progress({ done: 5 }), progress({ done: 4 }))).toBe(false);
    expect(isNewerProgress(progress({ done: 5 }), progress({ done: 6 }))).toBe(true);
    expect(isNewerProgress(progress({ state: 'done' }), progress({ state: 'running' }))).toBe(false);
    expect(isNewerProgress(progress({ state: 'interrupted' }), progress({ state: 'running' }))).toBe(true);
    expect(isNewerProgress(progress({ done: 5 }), progress({ state: 'cancelled', done: 5 }))).toBe(true);
  });

  it('prefers a running scan over a newer finished one', () => {
    const { store } = setup();
    store.getState().applyProgress(progress({ jobId: 4 as JobId, state: 'running' }));
    store.getState().applyProgress(progress({ jobId: 9 as JobId, state: 'done' }));
    expect(selectCurrentScan(store.getState())?.jobId).toBe(4);
  });
});

describe('connectEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('applies progress events and refreshes the library, throttled, on changes and when a job stops', async () => {
    const { fake, store } = setup();
    const disconnect = connectEvents(store, fake.transport.on);
    const statusCalls = () => fake.calls.filter(([method]) => method === 'library.status').length;

    fake.emit('job.progress', progress({ jobId: 5 as JobId, done: 0, phase: 'discovering' }));
    expect(store.getState().jobs[5]?.done).toBe(0);
    expect(statusCalls()).toBe(0);

    // Photos landing during a scan: a burst of steps and changes refreshes once at once and once after the interval.
    fake.emit('job.progress', progress({ jobId: 5 as JobId, done: 3 }));
    expect(statusCalls()).toBe(1);
    for (let i = 0; i < 20; i++) fake.emit('library.changed', { reason: 'photos' });
    fake.emit('job.progress', progress({ jobId: 5 as JobId, done: 4 }));
    expect(statusCalls()).toBe(1);
    await vi.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS);
    expect(statusCalls()).toBe(2);

    await vi.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS);
    fake.emit('job.progress', progress({ jobId: 5 as JobId, state: 'done', done: 10 }));
    expect(statusCalls()).toBe(3);
    expect(selectIsScanning(store.getState())).toBe(false);

    disconnect();
    expect(fake.listenerCount()).toBe(0);
  });
});
