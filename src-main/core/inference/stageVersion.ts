import { statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { loadVerifiedModel, modelsVersion, readManifest } from './modelManifest.js';

/**
 * What a per-photo stage (faces, scene, text…) records in photo_jobs: a photo processed by another version of the
 * stage's code or models is processed again.
 */
export type StageDefinition = Readonly<{
  /** The stage name recorded in photo_jobs. */
  stage: string;
  /** What the user is told is missing when a model is not built, e.g. "the face models". */
  label: string;
  /** The models the stage runs. */
  models: readonly string[];
  /** Bumped when the stage's own code changes what it produces. */
  pipelineVersion: number;
}>;

/** Verified versions by the identity (size, mtime) of the manifest and model files they were computed from. */
const verified = new Map<string, string>();

function filesIdentity(modelsDir: string, models: readonly string[]): string {
  return ['manifest.json', ...models.map((id) => `${id}.onnx`)]
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
 * The stage's version: its pipeline version and the hash of each model. Checks the models are built and intact first,
 * so a job never starts only to fail on every photo. Hashing the models is done once per set of files, not per call.
 */
export function stageVersion(modelsDir: string, definition: StageDefinition): string {
  const key = `${modelsDir}\0${definition.stage}\0${filesIdentity(modelsDir, definition.models)}`;
  const known = verified.get(key);
  if (known) return known;
  let manifest;
  try {
    manifest = readManifest(modelsDir);
    for (const id of definition.models) {
      const entry = manifest.models.find((m) => m.id === id);
      if (!entry) throw new Error(`the manifest has no ${id} model`);
      loadVerifiedModel(modelsDir, entry);
    }
  } catch (error) {
    throw new AppError(
      'unavailable',
      `${definition.label} are not ready: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const version = `pipeline${definition.pipelineVersion}+${modelsVersion(manifest, definition.models)}`;
  verified.set(key, version);
  return version;
}
