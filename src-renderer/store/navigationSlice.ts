import type { StateCreator } from 'zustand';
import type { AppState, NavigationSlice } from './appState.js';

export function createNavigationSlice(): StateCreator<AppState, [], [], NavigationSlice> {
  return (set) => ({
    view: { name: 'library' },
    exportOpen: false,
    exportSubject: 'people',
    navigate(view) {
      set({ view });
    },
    setExportOpen(open, subject) {
      set(subject ? { exportOpen: open, exportSubject: subject } : { exportOpen: open });
    },
  });
}
