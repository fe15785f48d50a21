import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../db/database.js';
import { writeSettings } from '../db/repos/settingsRepo.js';
import { removeDir, tempDir, openTestCore } from '../../testing/fixtures.js';
import { DEFAULT_SETTINGS } from '../librarySettings.js';
import { createSettingsService } from './settingsService.js';

let db: Db;
beforeEach(() => {
  db = openMemoryDatabase();
});
afterEach(() => db.close());

describe('library settings', () => {
  it('start at the measured defaults and keep what the user changes', () => {
    expect(createSettingsService(db).get()).toEqual({ personDistance: 0.52, sceneMinPhotos: 5 });
    expect(createSettingsService(db).set({ personDistance: 0.5 })).toEqual({ personDistance: 0.5, sceneMinPhotos: 5 });
    // Another service over the same library (e.g. after a restart) reads them back.
    expect(createSettingsService(db).get()).toEqual({ personDistance: 0.5, sceneMinPhotos: 5 });
  });

  it('fall back to the default for a stored value that no longer makes sense, keeping the others', () => {
    writeSettings(db, { personDistance: 3, sceneMinPhotos: 12 });
    expect(createSettingsService(db).get()).toEqual({ ...DEFAULT_SETTINGS, sceneMinPhotos: 12 });
  });
});

describe('settings through the contract', () => {
  let libraryDir: string;
  beforeEach(async () => {
    libraryDir = await tempDir('settings');
  });
  afterEach(async () => {
    await removeDir(libraryDir);
  });

  it('refuses values out of bounds or unknown keys, and changes nothing', async () => {
    const core = await openTestCore(libraryDir);
    try {
      for (const patch of [
        { personDistance: 0.9 },
        { sceneMinPhotos: 2.5 },
        { sceneMinPhotos: 1 },
        { threshold: 0.5 },
      ]) {
        expect(await core.dispatch('settings.set', [patch])).toMatchObject({
          ok: false,
          error: { code: 'invalid-argument' },
        });
      }
      expect(await core.dispatch('settings.get', [])).toEqual({ ok: true, value: DEFAULT_SETTINGS });
      expect(await core.dispatch('settings.set', [{ sceneMinPhotos: 8 }])).toEqual({
        ok: true,
        value: { ...DEFAULT_SETTINGS, sceneMinPhotos: 8 },
      });
    } finally {
      await core.close();
    }
  });
});
