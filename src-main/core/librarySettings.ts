import { LibrarySettingsSchema, type LibrarySettings } from '../../src-shared/types/settings.js';
import { DEFAULT_CLUSTER_PARAMS } from './cluster/clusterFaces.js';
import type { Db } from './db/database.js';
import { readSettings } from './db/repos/settingsRepo.js';
import { DEFAULT_SCENE_CLUSTER_PARAMS } from './scenes/clusterScenes.js';

/** The measured defaults (people eval: 0.52 is the best cut of the face tree; scenes: 5 photos make a place). */
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
  const field = LibrarySettingsSchema.shape;
  const personDistance = field.personDistance.safeParse(stored['personDistance']);
  const sceneMinPhotos = field.sceneMinPhotos.safeParse(stored['sceneMinPhotos']);
  return {
    personDistance: personDistance.success ? personDistance.data : DEFAULT_SETTINGS.personDistance,
    sceneMinPhotos: sceneMinPhotos.success ? sceneMinPhotos.data : DEFAULT_SETTINGS.sceneMinPhotos,
  };
}
