import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { ExportSummary } from '../../src-shared/types/export.js';
import type { AppState, ExportSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createExportSlice(api: AppApi): StateCreator<AppState, [], [], ExportSlice> {
  return (set, get) => {
    // People and scenes export alike: one run at a time, its progress and its summary.
    const run = async (exporting: () => Promise<ExportSummary>) => {
      set({ exportLoad: LOADING, exportProgress: null, exportSummary: null });
      try {
        const summary = await exporting();
        set({ exportSummary: summary, exportLoad: IDLE });
      } catch (error) {
        set({ exportLoad: failed(error) });
      }
    };
    return {
      exportProgress: null,
      exportSummary: null,
      exportLoad: IDLE,

      applyExportProgress(progress) {
        // Progress only means something while this window's export runs.
        if (get().exportLoad.loading) set({ exportProgress: progress });
      },
      async runExport(request) {
        await run(() => api.exports.people(request));
      },
      async runScenesExport(request) {
        await run(() => api.exports.scenes(request));
      },
      resetExport() {
        if (!get().exportLoad.loading) set({ exportProgress: null, exportSummary: null, exportLoad: IDLE });
      },
    };
  };
}
