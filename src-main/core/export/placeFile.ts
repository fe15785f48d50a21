import { createHash, randomUUID } from 'node:crypto';
import type { Stats } from 'node:fs';
import { link, lstat, open, readlink, rename, rm, symlink, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportMode } from './exportTypes.js';
import type { ManifestEntry } from './manifest.js';

/*
 * Puts one original into one folder by copy, hard link or symlink, and recognises what an earlier run put there.
 * Nothing here ever replaces an existing path: links are created with link()/symlink(), which fail on an existing
 * name, and a copy is written to a temp name and then linked to its final name (also failing on an existing name).
 * The original is only ever opened for reading.
 */

const CHUNK_BYTES = 1 << 20;
/** Prefix of temp copies: a sanitized name never starts with a dot, so it cannot clash with an exported file. */
export const TEMP_PREFIX = '.facets-export-';

/** Hard links are not possible here: the user has to choose copy (we never fall back silently). */
const NO_HARD_LINK = new Set(['EXDEV', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK']);
/** link() errors meaning "this file system has no hard links" for a temp copy, which a rename can still commit. */
const LINK_UNSUPPORTED = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

export class PlacementError extends Error {}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** What a failed hard link means for the user. */
export function hardLinkFailure(code: string | undefined): string {
  if (code === 'EXDEV')
    return 'cannot hard-link: the destination is on a different drive (file system) than the original. Export with copy instead.';
  if (code === 'EMLINK') return 'cannot hard-link: the original has too many links already. Export with copy instead.';
  return `cannot hard-link: the destination's file system refused it (${code}), as FAT, exFAT and many network drives do. Export with copy instead.`;
}

/** What a failure to read the original means for the user. */
export function sourceFailure(error: unknown): string {
  const code = errorCode(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'the original is missing (moved or deleted since it was indexed)';
  if (code === 'EACCES' || code === 'EPERM') return 'the original cannot be read (permission denied)';
  return `the original cannot be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
}

export type Source = Readonly<{
  /** Absolute, as given: what a symlink points at. */
  path: string | Buffer;
  /** `path`'s exact bytes. */
  bytes: Buffer;
  /** `path` with every symlink resolved: what a hard link links (link() would link a symlink itself). */
  realPath: Buffer;
  stats: Stats;
}>;

export type CopyFacts = Readonly<{ sha256: string; fileMtimeMs: number }>;

export type Placer = Readonly<{
  /** Is the existing entry at `path` this original's export (in this mode)? */
  recognizes(path: string, existing: Stats, previous: ManifestEntry | undefined): Promise<boolean>;
  /** Creates `path` from the original; 'exists' when the name turned out taken (nothing was replaced). */
  create(path: string): Promise<'created' | 'exists'>;
  /** Copies only, after `recognizes` said yes or `create` created: what the manifest records about the copy. */
  copyFacts(): CopyFacts | undefined;
  /** Removes the temp copy, if one is left. */
  dispose(): Promise<void>;
}>;

async function hashFile(path: string | Buffer): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

function sameSource(entry: ManifestEntry, source: Source): boolean {
  const recorded =
    entry.sourceBytes === undefined ? Buffer.from(entry.source) : Buffer.from(entry.sourceBytes, 'base64');
  return recorded.equals(source.bytes);
}

/**
 * Reads the original once into a temp file beside the target, hashing as it goes, with the original's times; flushed
 * so the final name can never show a half-written file, even after a crash.
 */
async function copyToTemp(source: Source, folder: string): Promise<{ temp: string; facts: CopyFacts }> {
  const temp = join(folder, `${TEMP_PREFIX}${randomUUID()}.tmp`);
  const input = await open(source.path, 'r');
  try {
    const before = await input.stat();
    const output = await open(temp, 'wx');
    try {
      const hash = createHash('sha256');
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      for (;;) {
        const { bytesRead } = await input.read(buffer, 0, CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        hash.update(buffer.subarray(0, bytesRead));
        await output.writeFile(buffer.subarray(0, bytesRead));
      }
      const after = await input.stat();
      if (after.size !== before.size || after.mtimeMs !== before.mtimeMs)
        throw new PlacementError('the original changed while it was being copied; export again once it is saved');
      // Seconds as a double keep sub-millisecond precision, which Date would drop.
      await output.utimes(before.atimeMs / 1000, before.mtimeMs / 1000);
      await output.sync();
      const written = await output.stat();
      return { temp, facts: { sha256: hash.digest('hex'), fileMtimeMs: written.mtimeMs } };
    } finally {
      await output.close();
    }
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  } finally {
    await input.close();
  }
}

/** Gives the temp copy its final name without ever replacing an existing file. */
async function commitTemp(temp: string, path: string): Promise<'created' | 'exists'> {
  try {
    await link(temp, path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'EEXIST') return 'exists';
    if (!LINK_UNSUPPORTED.has(code ?? '')) throw error;
    // No hard links on this file system (FAT, exFAT, some shares): rename, which would replace, once the name is free.
    try {
      await lstat(path);
      return 'exists';
    } catch (missing) {
      if (errorCode(missing) !== 'ENOENT') throw missing;
    }
    await rename(temp, path);
    return 'created';
  }
  await unlink(temp);
  return 'created';
}

function copyPlacer(source: Source, folder: string): Placer {
  let temp: string | undefined;
  let facts: CopyFacts | undefined;
  let sourceHash: string | undefined;
  return {
    async recognizes(path, existing, previous) {
      if (!existing.isFile() || existing.size !== source.stats.size) return false;
      // The manifest's record spares hashing both files again when neither changed since this run's copy.
      if (
        previous?.mode === 'copy' &&
        previous.sha256 !== undefined &&
        previous.fileMtimeMs === existing.mtimeMs &&
        previous.size === existing.size &&
        previous.sourceMtimeMs === source.stats.mtimeMs &&
        sameSource(previous, source)
      ) {
        facts = { sha256: previous.sha256, fileMtimeMs: existing.mtimeMs };
        return true;
      }
      sourceHash ??= await hashFile(source.path);
      if ((await hashFile(path)) !== sourceHash) return false;
      facts = { sha256: sourceHash, fileMtimeMs: existing.mtimeMs };
      return true;
    },
    async create(path) {
      if (temp === undefined) {
        const made = await copyToTemp(source, folder);
        temp = made.temp;
        facts = made.facts;
      }
      const result = await commitTemp(temp, path);
      if (result === 'created') temp = undefined;
      return result;
    },
    copyFacts: () => facts,
    async dispose() {
      if (temp !== undefined) await rm(temp, { force: true });
      temp = undefined;
    },
  };
}

function hardLinkPlacer(source: Source): Placer {
  return {
    recognizes: async (_path, existing) => existing.dev === source.stats.dev && existing.ino === source.stats.ino,
    async create(path) {
      try {
        await link(source.realPath, path);
        return 'created';
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EEXIST') return 'exists';
        if (NO_HARD_LINK.has(code ?? '')) throw new PlacementError(hardLinkFailure(code));
        throw error;
      }
    },
    copyFacts: () => undefined,
    dispose: async () => {},
  };
}

function symlinkPlacer(source: Source): Placer {
  return {
    async recognizes(path, existing) {
      if (!existing.isSymbolicLink()) return false;
      return (await readlink(path, { encoding: 'buffer' })).equals(source.bytes);
    },
    async create(path) {
      try {
        await symlink(source.path, path, 'file');
        return 'created';
      } catch (error) {
        if (errorCode(error) === 'EEXIST') return 'exists';
        throw error;
      }
    },
    copyFacts: () => undefined,
    dispose: async () => {},
  };
}

/** `source.path` must be absolute (symlinks point at it as given). */
export function createPlacer(mode: ExportMode, source: Source, folder: string): Placer {
  switch (mode) {
    case 'copy':
      return copyPlacer(source, folder);
    case 'hardlink':
      return hardLinkPlacer(source);
    case 'symlink':
      return symlinkPlacer(source);
  }
}
