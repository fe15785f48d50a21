/*
 * Installed CLIP packs: one folder per pack id under the packs directory, replaced atomically (a verified staging
 * folder renamed into place), and `active.json` naming the pack semantic search uses.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { copyVerified } from './packFiles.js';
import { PACK_MANIFEST_FILE, readPackManifest, type PackManifest } from './packManifest.js';

export type InstalledPack = Readonly<{ id: string; dir: string; manifest: PackManifest }>;

const ACTIVE_FILE = 'active.json';
const STAGING_PREFIX = '.staging-';
const REPLACED_PREFIX = '.replaced-';
const REMOVED_PREFIX = '.removed-';
/** A staging folder this old belongs to an install that died (a live one writes to it continuously). */
const STALE_STAGING_MS = 24 * 60 * 60 * 1000;

/** A fresh, empty folder inside `packsDir` (same file system, so the final rename is atomic). */
export async function createStaging(packsDir: string): Promise<string> {
  await mkdir(packsDir, { recursive: true });
  await removeStaleStaging(packsDir);
  return mkdtemp(join(packsDir, STAGING_PREFIX));
}

async function removeStaleStaging(packsDir: string): Promise<void> {
  for (const name of readdirSync(packsDir)) {
    if (!name.startsWith(STAGING_PREFIX)) continue;
    const path = join(packsDir, name);
    const info = await stat(path).catch(() => null);
    if (info && Date.now() - info.mtimeMs > STALE_STAGING_MS) await rm(path, { recursive: true, force: true });
  }
}

/**
 * Moves a verified staging folder to `packsDir/<id>`. An installed pack of the same id is renamed aside first and
 * put back if the swap fails; a crash between the two renames is repaired by `listInstalledPacks`.
 */
export async function commitStaging(staging: string, packsDir: string, manifest: PackManifest): Promise<InstalledPack> {
  const target = join(packsDir, manifest.id);
  let aside: string | null = null;
  if (existsSync(target)) {
    aside = join(packsDir, `${REPLACED_PREFIX}${manifest.id}-${randomBytes(4).toString('hex')}`);
    await rename(target, aside);
  }
  try {
    await rename(staging, target);
  } catch (error) {
    if (aside) await rename(aside, target);
    throw error;
  }
  if (aside) await rm(aside, { recursive: true, force: true });
  return { id: manifest.id, dir: target, manifest };
}

export type InstallOptions = Readonly<{
  /** Make the new pack the one search uses (default true: a user installs a pack to use it). */
  activate?: boolean;
}>;

/**
 * Installs the pack in folder `src`: every listed file is copied and its sha-256 (and size) checked against the
 * manifest; only a complete, verified copy replaces an installed pack of the same id, so a bad pack leaves the old
 * one as it was.
 */
export async function installPackFromFolder(
  src: string,
  packsDir: string,
  options: InstallOptions = {},
): Promise<InstalledPack> {
  const manifest = readPackManifest(src);
  const staging = await createStaging(packsDir);
  try {
    for (const file of manifest.files) await copyVerified(join(src, file.path), join(staging, file.path), file, src);
    await copyFile(join(src, PACK_MANIFEST_FILE), join(staging, PACK_MANIFEST_FILE));
    const installed = await commitStaging(staging, packsDir, manifest);
    if (options.activate ?? true) await setActivePack(packsDir, manifest.id);
    return installed;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** Puts back a pack whose replacement died between the two renames; drops leftovers of finished swaps. */
function repairInterruptedSwaps(packsDir: string): void {
  for (const name of readdirSync(packsDir)) {
    if (name.startsWith(REMOVED_PREFIX)) rmSync(join(packsDir, name), { recursive: true, force: true });
    if (!name.startsWith(REPLACED_PREFIX)) continue;
    const id = name.slice(REPLACED_PREFIX.length).replace(/-[0-9a-f]{8}$/, '');
    const path = join(packsDir, name);
    try {
      if (!existsSync(join(packsDir, id))) renameSync(path, join(packsDir, id));
      else rmSync(path, { recursive: true, force: true });
    } catch {
      // Left for the next listing; an unreadable leftover must not hide the installed packs.
    }
  }
}

/** The packs installed in `packsDir` with a valid manifest, by id. Files are checked when an encoder loads them. */
export function listInstalledPacks(packsDir: string): InstalledPack[] {
  if (!existsSync(packsDir)) return [];
  repairInterruptedSwaps(packsDir);
  const packs: InstalledPack[] = [];
  for (const name of readdirSync(packsDir).sort()) {
    const dir = join(packsDir, name);
    if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
    try {
      const manifest = readPackManifest(dir);
      if (manifest.id === name) packs.push({ id: name, dir, manifest });
    } catch {
      // Not a pack (or a broken one): listing shows what can be used.
    }
  }
  return packs;
}

const ActiveJson = z.object({ id: z.string() });

/** The pack semantic search uses, or null when none is chosen or the chosen one is no longer installed. */
export function activePack(packsDir: string): InstalledPack | null {
  let id: string;
  try {
    id = ActiveJson.parse(JSON.parse(readFileSync(join(packsDir, ACTIVE_FILE), 'utf8'))).id;
  } catch {
    return null;
  }
  return listInstalledPacks(packsDir).find((p) => p.id === id) ?? null;
}

/** Chooses the pack search uses (null: none). Written to a temporary file and renamed, so it is never half written. */
export async function setActivePack(packsDir: string, id: string | null): Promise<void> {
  const path = join(packsDir, ACTIVE_FILE);
  if (id === null) {
    await rm(path, { force: true });
    return;
  }
  if (!listInstalledPacks(packsDir).some((p) => p.id === id)) {
    throw new AppError('not-found', `no CLIP pack ${id} is installed in ${packsDir}`);
  }
  const temp = `${path}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, `${JSON.stringify({ id })}\n`);
  await rename(temp, path);
}

/** Removes an installed pack (and unsets it if it was active). */
export async function removePack(packsDir: string, id: string): Promise<void> {
  const pack = listInstalledPacks(packsDir).find((p) => p.id === id);
  if (!pack) throw new AppError('not-found', `no CLIP pack ${id} is installed in ${packsDir}`);
  if (activePack(packsDir)?.id === id) await setActivePack(packsDir, null);
  const aside = join(packsDir, `${REMOVED_PREFIX}${id}-${randomBytes(4).toString('hex')}`);
  await rename(pack.dir, aside);
  await rm(aside, { recursive: true, force: true });
}
