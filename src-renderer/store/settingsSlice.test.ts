import { describe, expect, it } from 'vitest';
import type { LibrarySettings } from '../../src-shared/types/settings.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport } from '../api/fakeTransport.js';
import { selectLibrarySettings, selectSettingsLoad } from './selectors.js';
import { createAppStore } from './useAppStore.js';

describe('settings slice', () => {
  it('loads the settings, saves a change as main answers it, and keeps them when main refuses one', async () => {
    let stored: LibrarySettings = { personDistance: 0.55, sceneMinPhotos: 5 };
    const fake = createFakeTransport((method, args) => {
      if (method === 'settings.get') return { ok: true, value: stored };
      const patch = args[0] as Partial<LibrarySettings>;
      if ((patch.sceneMinPhotos ?? 5) > 50) {
        return { ok: false, error: { code: 'invalid-argument', message: 'sceneMinPhotos: at most 50' } };
      }
      stored = { ...stored, ...patch };
      return { ok: true, value: stored };
    });
    const store = createAppStore(createApiClient(fake.transport));
    await store.getState().loadSettings();
    expect(selectLibrarySettings(store.getState())).toEqual({ personDistance: 0.55, sceneMinPhotos: 5 });
    await expect(store.getState().saveSettings({ personDistance: 0.5 })).resolves.toBe(true);
    expect(selectLibrarySettings(store.getState())?.personDistance).toBe(0.5);
    await expect(store.getState().saveSettings({ sceneMinPhotos: 80 })).resolves.toBe(false);
    expect(selectLibrarySettings(store.getState())).toEqual({ personDistance: 0.5, sceneMinPhotos: 5 });
    expect(selectSettingsLoad(store.getState()).error).toMatch(/at most 50/);
  });
});
