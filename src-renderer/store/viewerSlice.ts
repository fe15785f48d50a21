import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, ViewerSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createViewerSlice(api: AppApi): StateCreator<AppState, [], [], ViewerSlice> {
  // Paging through photos quickly: only the last photo asked for gets its faces shown.
  let latest = 0;
  return (set) => ({
    viewerFaces: null,
    viewerLoad: IDLE,
    async loadPhotoFaces(photoId) {
      const request = ++latest;
      set({ viewerFaces: null, viewerLoad: LOADING });
      try {
        const faces = await api.photos.faces(photoId);
        if (request === latest) set({ viewerFaces: { photoId, faces }, viewerLoad: IDLE });
      } catch (error) {
        if (request === latest) set({ viewerLoad: failed(error) });
      }
    },
  });
}
