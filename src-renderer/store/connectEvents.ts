import type { Transport } from '../api/transport.js';
import { throttle } from '../util/throttle.js';
import type { AppStore } from './useAppStore.js';

export const REFRESH_INTERVAL_MS = 1000;

/**
 * Feeds main's events into the store: job progress directly, library changes and scan steps as throttled refreshes of
 * what is on screen (a scan reports progress far more often than anyone can look). Returns the unsubscribe.
 */
export function connectEvents(store: AppStore, on: Transport['on']): () => void {
  const refresh = throttle(() => void store.getState().refreshLibrary(), REFRESH_INTERVAL_MS);
  const refreshClip = throttle(() => {
    if (store.getState().clipStatus) void store.getState().loadClipStatus();
  }, REFRESH_INTERVAL_MS);
  // Scenes have no event of their own: a scenes job that stops (or advances) changed them, once the list was opened.
  const refreshScenes = throttle(() => {
    const state = store.getState();
    if (state.scenes) void state.loadScenes();
    if (state.view.name === 'scene') void state.openScene(state.view.sceneId);
  }, REFRESH_INTERVAL_MS);
  const offProgress = on('job.progress', (progress) => {
    const before = store.getState().jobs[progress.jobId];
    store.getState().applyProgress(progress);
    // A scan commits photos as it goes: show them as they land, and settle counts and problems when it stops.
    const advanced = progress.state === 'running' && progress.done > (before?.done ?? 0);
    const stopped = before?.state === 'running' && progress.state !== 'running';
    if (advanced || stopped) refresh();
    // Installing or embedding with a CLIP pack changes what the settings show; only once they have been opened.
    if (progress.kind === 'scenes' && stopped) refreshScenes();
    if ((progress.kind === 'pack' || progress.kind === 'clip') && (advanced || stopped)) refreshClip();
  });
  const offChanged = on('library.changed', () => refresh());
  // People screens refresh only once they have been opened: until then nothing on screen is stale.
  const refreshPeople = throttle(() => {
    if (store.getState().people) void store.getState().refreshPeople();
  }, REFRESH_INTERVAL_MS);
  const offPeople = on('people.changed', () => refreshPeople());
  const offExport = on('export.progress', (progress) => store.getState().applyExportProgress(progress));
  return () => {
    offProgress();
    offChanged();
    offPeople();
    offExport();
    refresh.cancel();
    refreshPeople.cancel();
    refreshClip.cancel();
    refreshScenes.cancel();
  };
}
