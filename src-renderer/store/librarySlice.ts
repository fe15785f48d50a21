import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { PhotoStatus } from '../../src-shared/types/photo.js';
import { errorMessage } from '../api/client.js';
import type { AppState, LibrarySlice } from './appState.js';
import { attempt as attemptCall } from './attempt.js';
import { createSparsePageLoader, firstPage, withPage } from './sparsePages.js';

/** Problems per page of the problems table. */
export const PAGE_SIZE = 60;
/** Photos per request while the library's grid scrolls; the grid asks for the pages its visible rows fall in. */
export const LIBRARY_PHOTO_PAGE = 240;
/** The grid shows what has a thumbnail; the problems list shows everything that needs the user's attention. */
export const GRID_STATUSES: readonly PhotoStatus[] = ['ok', 'damaged'];
export const PROBLEM_STATUSES: readonly PhotoStatus[] = ['error', 'unsupported', 'damaged'];

export function createLibrarySlice(api: AppApi): StateCreator<AppState, [], [], LibrarySlice> {
  return (set, get) => {
    const attempt = (work: () => Promise<void>) => attemptCall(work, (message) => set({ libraryError: message }));

    const listPage = (statuses: readonly PhotoStatus[], offset: number, limit: number) =>
      api.photos.list({ status: [...statuses], offset, limit, sort: 'takenAt', descending: true });
    // Each reload of the grid's list is a new generation: a page asked for by an older one is dropped on arrival.
    let generation = 0;
    const loadPhotoPage = createSparsePageLoader({
      current: () => (get().photos ? generation : null),
      list: () => get().photos,
      fetch: (_generation, { offset = 0, limit = LIBRARY_PHOTO_PAGE }) => listPage(GRID_STATUSES, offset, limit),
      store: (index, page) => set((state) => ({ photos: state.photos && withPage(state.photos, index, page) })),
      fail: (error) => set({ libraryError: errorMessage(error) }),
    });

    return {
      status: null,
      photos: null,
      problems: null,
      libraryError: null,

      async refreshStatus() {
        await attempt(async () => set({ status: await api.library.status() }));
      },
      async loadPhotos() {
        await attempt(async () => {
          const page = await listPage(GRID_STATUSES, 0, LIBRARY_PHOTO_PAGE);
          generation++;
          // A reload starts the sparse list over (photos may have come or gone anywhere); the grid asks again for
          // the pages it shows.
          set({ photos: firstPage(page, LIBRARY_PHOTO_PAGE) });
        });
      },
      loadPhotoPage,
      async loadProblems(offset = get().problems?.offset ?? 0) {
        await attempt(async () => set({ problems: await listPage(PROBLEM_STATUSES, offset, PAGE_SIZE) }));
      },
      async refreshLibrary() {
        const { refreshStatus, loadPhotos, loadProblems } = get();
        await Promise.all([refreshStatus(), loadPhotos(), loadProblems()]);
      },
      async addRoot(path) {
        const trimmed = path.trim();
        if (!trimmed) {
          set({ libraryError: 'Enter the path of a folder to add.' });
          return false;
        }
        return attempt(async () => {
          await api.library.addRoot(trimmed);
          set({ libraryError: null });
          await get().refreshStatus();
        });
      },
      async removeRoot(rootId) {
        await attempt(async () => {
          await api.library.removeRoot(rootId);
          set({ libraryError: null });
          await get().refreshLibrary();
        });
      },
      dismissError() {
        set({ libraryError: null });
      },
    };
  };
}
