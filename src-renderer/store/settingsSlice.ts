import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, SettingsSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createSettingsSlice(api: AppApi): StateCreator<AppState, [], [], SettingsSlice> {
  return (set) => {
    const run = async (work: () => Promise<AppState['librarySettings']>) => {
      set({ settingsLoad: LOADING });
      try {
        set({ librarySettings: await work(), settingsLoad: IDLE });
        return true;
      } catch (error) {
        set({ settingsLoad: failed(error) });
        return false;
      }
    };
    return {
      librarySettings: null,
      settingsLoad: IDLE,
      async loadSettings() {
        await run(() => api.settings.get());
      },
      saveSettings: (patch) => run(() => api.settings.set(patch)),
    };
  };
}
