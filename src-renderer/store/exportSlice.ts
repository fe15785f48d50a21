import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, ExportSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createExportSlice(api: AppApi): StateCreator<AppState, [], [], ExportSlice> {
  return (set, get) => ({
    exportProgress: null,
    exportSummary: null,
    exportLoad: IDLE,

    applyExportProgress(progress) {
      // Progress only means something while this window's export runs.
      if (get().exportLoad.loading) set({ exportProgress: progress });
    },
    async runExport(request) {
      set({ exportLoad: LOADING, exportProgress: null, exportSummary: null });
      try {
        const summary = await api.exports.people(request);
        set({ exportSummary: summary, exportLoad: IDLE });
      } catch (error) {
        set({ exportLoad: failed(error) });
      }
    },
    resetExport() {
      if (!get().exportLoad.loading) set({ exportProgress: null, exportSummary: null, exportLoad: IDLE });
    },
  });
}
