import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../errors.js';
import { loadVerifiedModel, modelsVersion, readManifest } from '../modelManifest.js';

/** The per-photo stage name recorded in photo_jobs. */
export const FACE_STAGE = 'faces';

/** The models the face stage runs, in order. */
export const FACE_MODELS = ['face-detector', 'face-landmarks', 'face-descriptor'] as const;

/** Bump when the face pipeline's own code changes what it finds (tiling, alignment, thresholds). */
export const FACE_PIPELINE_VERSION = 1;

/** Verified versions by the identity (size, mtime) of the manifest and model files they were computed from. */
const verified = new Map<string, string>();

function filesIdentity(modelsDir: string): string {
  return ['manifest.json', ...FACE_MODELS.map((id) => `${id}.onnx`)]
    .map((file) => {
      try {
        const stats = statSync(join(modelsDir, file));
        return `${stats.size}:${stats.mtimeMs}`;
      } catch {
        return 'missing';
      }
    })
    .join('|');
}

/**
 * The face stage's version: its pipeline version and the hash of each model. Checks the models are built and intact
 * first, so a job never starts only to fail on every photo. Hashing ~24 MB is done once per set of files, not per call.
 */
export function faceStageVersion(modelsDir: string): string {
  const key = `${modelsDir}\0${filesIdentity(modelsDir)}`;
  const known = verified.get(key);
  if (known) return known;
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
  const version = `pipeline${FACE_PIPELINE_VERSION}+${modelsVersion(manifest, FACE_MODELS)}`;
  verified.set(key, version);
  return version;
}
