import { LibrarySettingsSchema, type LibrarySettings } from '../../src-shared/types/settings.js';
import { DEFAULT_CLUSTER_PARAMS } from './cluster/clusterFaces.js';
import type { Db } from './db/database.js';
import { readSettings } from './db/repos/settingsRepo.js';
import { DEFAULT_SCENE_CLUSTER_PARAMS } from './scenes/clusterScenes.js';

/** The measured defaults (people eval: 0.55 is the best cut of the face tree; scenes: 5 photos make a place). */
export const DEFAULT_SETTINGS: LibrarySettings = {
  personDistance: DEFAULT_CLUSTER_PARAMS.threshold,
  sceneMinPhotos: DEFAULT_SCENE_CLUSTER_PARAMS.minClusterSize,
};

/**
 * The library's settings: the stored ones over the defaults. A stored value that no longer validates (written by
 * another version) falls back to its default rather than failing every clustering.
 */
export function librarySettings(db: Db): LibrarySettings {
  const stored = readSettings(db);
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof LibrarySettings)[]) {
    const candidate = { ...DEFAULT_SETTINGS, [key]: stored[key] ?? DEFAULT_SETTINGS[key] };
    if (LibrarySettingsSchema.safeParse(candidate).success) merged[key] = candidate[key];
  }
  return LibrarySettingsSchema.parse(merged);
}
