import {
  LibrarySettingsSchema,
  type LibrarySettings,
  type LibrarySettingsPatch,
} from '../../../src-shared/types/settings.js';
import type { Db } from '../db/database.js';
import { writeSettings } from '../db/repos/settingsRepo.js';
import { librarySettings } from '../librarySettings.js';

export type SettingsService = Readonly<{
  get(): LibrarySettings;
  set(patch: LibrarySettingsPatch): LibrarySettings;
}>;

export function createSettingsService(db: Db): SettingsService {
  return {
    get: () => librarySettings(db),
    set(patch) {
      const next = LibrarySettingsSchema.parse({ ...librarySettings(db), ...patch });
      writeSettings(db, patch);
      return next;
    },
  };
}
