import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, FindSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export const FIND_LIMIT = 500;

export function createFindSlice(api: AppApi): StateCreator<AppState, [], [], FindSlice> {
  return (set, get) => {
    // Answers may come back out of order when the mode is toggled quickly: only the latest request may land.
    let latest = 0;
    return {
      findPath: '',
      findMode: 'all',
      findResult: null,
      findLoad: IDLE,

      setFindPath(path) {
        set({ findPath: path });
      },
      async findByPhoto(mode = get().findMode) {
        const path = get().findPath.trim();
        set({ findMode: mode });
        if (!path) {
          set({ findLoad: { loading: false, error: 'Choose a photo, or type the full path of one.' } });
          return;
        }
        const request = ++latest;
        set({ findLoad: LOADING });
        try {
          const result = await api.people.findByPhoto(path, { mode, limit: FIND_LIMIT });
          if (request === latest) set({ findResult: result, findLoad: IDLE });
        } catch (error) {
          if (request === latest) set({ findResult: null, findLoad: failed(error) });
        }
      },
    };
  };
}
