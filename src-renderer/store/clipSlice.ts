import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, ClipSlice } from './appState.js';
import { failed, IDLE, LOADING } from './attempt.js';

export function createClipSlice(api: AppApi): StateCreator<AppState, [], [], ClipSlice> {
  return (set, get) => {
    /** Runs a pack action that answers with the new status, keeping the old status when it fails. */
    const change = async (work: () => Promise<AppState['clipStatus']>) => {
      set({ clipLoad: LOADING });
      try {
        set({ clipStatus: await work(), clipLoad: IDLE });
      } catch (error) {
        set({ clipLoad: failed(error) });
      }
    };
    return {
      clipStatus: null,
      clipLoad: IDLE,
      clipInstallJobId: null,

      async loadClipStatus() {
        await change(() => api.clip.status());
      },
      async installClipPack(source) {
        const path = 'folder' in source ? source.folder.trim() : source.manifest.trim();
        if (!path) {
          set({
            clipLoad: { loading: false, error: 'Enter the path of a CLIP pack folder or of its pinned manifest.' },
          });
          return false;
        }
        set({ clipLoad: LOADING });
        try {
          const job = await api.clip.install('folder' in source ? { folder: path } : { manifest: path });
          get().applyProgress(job);
          set({ clipInstallJobId: job.jobId, clipLoad: IDLE });
          return true;
        } catch (error) {
          set({ clipLoad: failed(error) });
          return false;
        }
      },
      async activateClipPack(id) {
        await change(() => api.clip.activate(id));
      },
      async removeClipPack(id) {
        await change(() => api.clip.remove(id));
      },
      dismissClipError() {
        set({ clipLoad: IDLE });
      },
    };
  };
}
