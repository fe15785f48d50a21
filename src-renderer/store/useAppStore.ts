/*
 * The renderer's one store, bound from slices. This is the only runtime import of 'zustand'; slices import its types.
 * The store is created per client (createAppStore) and handed down by context, so tests build their own with a fake
 * transport and nothing leaks between them.
 */
import { createContext, createElement, useContext, type ReactNode } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState } from './appState.js';
import { createClipSlice } from './clipSlice.js';
import { createModelsSlice } from './modelsSlice.js';
import { createSettingsSlice } from './settingsSlice.js';
import { createExportSlice } from './exportSlice.js';
import { createFindSlice } from './findSlice.js';
import { createJobsSlice } from './jobsSlice.js';
import { createLibrarySlice } from './librarySlice.js';
import { createNavigationSlice } from './navigationSlice.js';
import { createPeopleSlice } from './peopleSlice.js';
import { createPersonSlice } from './personSlice.js';
import { createScenesSlice } from './scenesSlice.js';
import { createSearchSlice } from './searchSlice.js';
import { createViewerSlice } from './viewerSlice.js';

export type { AppState };
export type AppStore = StoreApi<AppState>;

export function createAppStore(api: AppApi): AppStore {
  return createStore<AppState>()((...a) => ({
    ...createLibrarySlice(api)(...a),
    ...createJobsSlice(api)(...a),
    ...createNavigationSlice()(...a),
    ...createPeopleSlice(api)(...a),
    ...createPersonSlice(api)(...a),
    ...createFindSlice(api)(...a),
    ...createExportSlice(api)(...a),
    ...createSearchSlice(api)(...a),
    ...createScenesSlice(api)(...a),
    ...createClipSlice(api)(...a),
    ...createModelsSlice(api)(...a),
    ...createSettingsSlice(api)(...a),
    ...createViewerSlice(api)(...a),
  }));
}

const StoreContext = createContext<AppStore | null>(null);

export function AppStoreProvider({ store, children }: { store: AppStore; children: ReactNode }) {
  return createElement(StoreContext.Provider, { value: store }, children);
}

/** Selectors must return state as stored (or primitives): a fresh object per call would re-render forever. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <AppStoreProvider>');
  return useStore(store, selector);
}

export function useAppActions(): AppState {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppActions outside <AppStoreProvider>');
  return store.getState();
}
