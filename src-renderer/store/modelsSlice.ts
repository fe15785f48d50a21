import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, ModelsSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createModelsSlice(api: AppApi): StateCreator<AppState, [], [], ModelsSlice> {
  return (set) => ({
    models: null,
    modelsLoad: IDLE,
    async loadModels() {
      set({ modelsLoad: LOADING });
      try {
        set({ models: await api.models.list(), modelsLoad: IDLE });
      } catch (error) {
        set({ modelsLoad: failed(error) });
      }
    },
  });
}
