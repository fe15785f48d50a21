import { AppError } from '../../errors.js';
import { loadVerifiedModel, modelsVersion, readManifest } from '../modelManifest.js';

/** The per-photo stage name recorded in photo_jobs. */
export const FACE_STAGE = 'faces';

/** The models the face stage runs, in order. */
export const FACE_MODELS = ['face-detector', 'face-landmarks', 'face-descriptor'] as const;

/** Bump when the face pipeline's own code changes what it finds (tiling, alignment, thresholds). */
export const FACE_PIPELINE_VERSION = 1;

/**
 * The face stage's version: its pipeline version and the hash of each model. Checks the models are built and intact
 * first, so a job never starts only to fail on every photo.
 */
export function faceStageVersion(modelsDir: string): string {
  let manifest;
  try {
    manifest = readManifest(modelsDir);
    for (const id of FACE_MODELS) {
      const entry = manifest.models.find((m) => m.id === id);
      if (!entry) throw new Error(`the manifest has no ${id} model`);
      loadVerifiedModel(modelsDir, entry);
    }
  } catch (error) {
    throw new AppError(
      'unavailable',
      `the face models are not ready: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return `pipeline${FACE_PIPELINE_VERSION}+${modelsVersion(manifest, FACE_MODELS)}`;
}
