import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { PhotoStatus } from '../../src-shared/types/photo.js';
import type { AppState, LibrarySlice } from './appState.js';
import { attempt as attemptCall } from './attempt.js';

export const PAGE_SIZE = 60;
/** The grid shows what has a thumbnail; the problems list shows everything that needs the user's attention. */
export const GRID_STATUSES: readonly PhotoStatus[] = ['ok', 'damaged'];
export const PROBLEM_STATUSES: readonly PhotoStatus[] = ['error', 'unsupported', 'damaged'];

export function createLibrarySlice(api: AppApi): StateCreator<AppState, [], [], LibrarySlice> {
  return (set, get) => {
    const attempt = (work: () => Promise<void>) => attemptCall(work, (message) => set({ libraryError: message }));

    const listPage = (statuses: readonly PhotoStatus[], offset: number) =>
      api.photos.list({ status: [...statuses], offset, limit: PAGE_SIZE, sort: 'takenAt', descending: true });

    return {
      status: null,
      photos: null,
      problems: null,
      libraryError: null,

      async refreshStatus() {
        await attempt(async () => set({ status: await api.library.status() }));
      },
      async loadPhotos(offset = get().photos?.offset ?? 0) {
        await attempt(async () => set({ photos: await listPage(GRID_STATUSES, offset) }));
      },
      async loadProblems(offset = get().problems?.offset ?? 0) {
        await attempt(async () => set({ problems: await listPage(PROBLEM_STATUSES, offset) }));
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
