import type { StateCreator } from 'zustand';
import type { AppState, NavigationSlice } from './appState.js';

export function createNavigationSlice(): StateCreator<AppState, [], [], NavigationSlice> {
  return (set) => ({
    view: { name: 'library' },
    exportOpen: false,
    navigate(view) {
      set({ view });
    },
    setExportOpen(open) {
      set({ exportOpen: open });
    },
  });
}
