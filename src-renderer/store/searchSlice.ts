import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, SearchSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

/** Photos asked for per query: more than a screenful of results anyone reads, well under the contract's 500. */
export const SEARCH_LIMIT = 200;

export function createSearchSlice(api: AppApi): StateCreator<AppState, [], [], SearchSlice> {
  return (set, get) => {
    // Typing sends a query per pause; answers can come back out of order, and only the latest may land.
    let latest = 0;
    return {
      searchText: '',
      searchResult: null,
      searchLoad: IDLE,

      setSearchText(text) {
        set({ searchText: text });
      },
      async runSearch() {
        const text = get().searchText.trim();
        const request = ++latest;
        if (!text) {
          set({ searchResult: null, searchLoad: IDLE });
          return;
        }
        set({ searchLoad: LOADING });
        try {
          const result = await api.search.text({ text, limit: SEARCH_LIMIT });
          if (request === latest) set({ searchResult: result, searchLoad: IDLE });
        } catch (error) {
          if (request === latest) set({ searchResult: null, searchLoad: failed(error) });
        }
      },
      clearSearch() {
        latest++;
        set({ searchText: '', searchResult: null, searchLoad: IDLE });
      },
    };
  };
}
