import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { SceneId } from '../../src-shared/types/ids.js';
import { DEFAULT_TOP_SCENES } from '../../src-shared/types/scene.js';
import type { AppState, ScenesSlice } from './appState.js';
import { attempt, failed, IDLE, LOADING } from './attempt.js';
import { createSparsePageLoader, firstPage, withPage } from './sparsePages.js';

/** Photos per request while a scene's grid scrolls, as for a person's. */
export const SCENE_PHOTO_PAGE = 240;
/** How many photos "More like this" shows. */
export const SIMILAR_LIMIT = 24;

export function createScenesSlice(api: AppApi): StateCreator<AppState, [], [], ScenesSlice> {
  return (set, get) => {
    const recordError = (message: string) => set({ scenesError: message });
    const currentId = (): SceneId | null => {
      const { view } = get();
      return view.name === 'scene' ? view.sceneId : null;
    };
    const loadScenePhotoPage = createSparsePageLoader({
      current: currentId,
      list: () => get().scenePhotos,
      fetch: (id, request) => api.scenes.photos(id, request),
      store: (index, page) =>
        set((state) => ({ scenePhotos: state.scenePhotos && withPage(state.scenePhotos, index, page) })),
      fail: (error) => set({ sceneLoad: failed(error) }),
    });

    return {
      scenes: null,
      scenesTop: DEFAULT_TOP_SCENES,
      scenesLoad: IDLE,
      selectedScenes: [],
      scene: null,
      sceneLoad: IDLE,
      scenePhotos: null,
      similar: null,
      scenesError: null,

      async loadScenes(top = get().scenesTop) {
        set({ scenesLoad: LOADING, scenesTop: top });
        try {
          const scenes = await api.scenes.list({ top });
          // A scene that re-clustering dissolved cannot stay ticked.
          const shown = new Set<SceneId>(scenes.map((scene) => scene.id));
          set((state) => ({
            scenes,
            scenesLoad: IDLE,
            selectedScenes: state.selectedScenes.filter((id) => shown.has(id)),
          }));
        } catch (error) {
          set({ scenesLoad: failed(error) });
        }
      },
      toggleSceneSelected(id) {
        set((state) => ({
          selectedScenes: state.selectedScenes.includes(id)
            ? state.selectedScenes.filter((each) => each !== id)
            : [...state.selectedScenes, id],
        }));
      },
      clearSceneSelection() {
        set({ selectedScenes: [] });
      },
      async renameScene(id, name) {
        const trimmed = name.trim();
        return attempt(async () => {
          const renamed = await api.scenes.rename(id, trimmed === '' ? null : trimmed);
          set((state) => ({
            scenesError: null,
            scenes: state.scenes && state.scenes.map((scene) => (scene.id === id ? renamed : scene)),
            scene: state.scene?.id === id ? renamed : state.scene,
          }));
        }, recordError);
      },
      async reclusterScenes() {
        await attempt(async () => {
          set({ scenesError: null });
          get().applyProgress(await api.scenes.cluster());
        }, recordError);
      },
      async openScene(id) {
        const switching = get().scene?.id !== id;
        set(switching ? { scene: null, scenePhotos: null, similar: null, sceneLoad: LOADING } : {});
        try {
          const [scene, photos] = await Promise.all([
            api.scenes.get(id),
            api.scenes.photos(id, { offset: 0, limit: SCENE_PHOTO_PAGE }),
          ]);
          if (currentId() !== id) return;
          set({
            scene,
            sceneLoad: IDLE,
            scenePhotos: firstPage(photos, SCENE_PHOTO_PAGE),
          });
        } catch (error) {
          if (currentId() === id) set({ sceneLoad: failed(error) });
        }
      },
      loadScenePhotoPage,
      async findSimilar(photo) {
        set({ similar: { photo, results: null, load: LOADING } });
        const stillAsked = () => get().similar?.photo.id === photo.id;
        try {
          const results = await api.scenes.similar(photo.id, SIMILAR_LIMIT);
          if (stillAsked()) set({ similar: { photo, results, load: IDLE } });
        } catch (error) {
          if (stillAsked()) set({ similar: { photo, results: null, load: failed(error) } });
        }
      },
      closeSimilar() {
        set({ similar: null });
      },
      dismissScenesError() {
        set({ scenesError: null });
      },
    };
  };
}
