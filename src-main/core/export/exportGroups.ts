import type { Stats } from 'node:fs';
import { lstat, mkdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { AppError } from '../errors.js';
import type {
  ExportedFile,
  ExportedFolder,
  ExportFailure,
  ExportGroup,
  ExportItem,
  ExportOptions,
  ExportReport,
  StaleFile,
} from './exportTypes.js';
import { MANIFEST_CSV, MANIFEST_JSON, readManifest, saveManifest, type ManifestEntry } from './manifest.js';
import { createPlacer, PlacementError, sourceFailure, type Source } from './placeFile.js';
import { collisionKey, pathInside, safeName, splitExtension, withCollisionSuffix } from './safeName.js';

/*
 * Export: groups of photos (people now, scenes later) written to one folder each under a destination, by copy, hard
 * link or symlink; idempotent, never replacing or deleting anything, recorded in a manifest beside the folders.
 * Plain Node: no database, no electron. Originals are only ever read or linked to, never opened for writing.
 */

export type * from './exportTypes.js';

/** Suffixes tried before a name counts as impossible; far beyond any real collision. */
const MAX_SUFFIX = 10_000;
const FOLDER_FALLBACK = 'Unnamed';
/** The manifest's names, which no folder may take. */
const RESERVED_IN_DESTINATION = new Set([collisionKey(MANIFEST_JSON), collisionKey(MANIFEST_CSV)]);

type Folder = Readonly<{ name: string; wantedName: string; path: string }>;

type Run = Readonly<{
  root: string;
  options: ExportOptions;
  dryRun: boolean;
  /** Entries of earlier runs whose file still exists, by `locationKey`. */
  previous: ReadonlyMap<string, ManifestEntry>;
  /** Group keys that earlier runs put files in, by folder `collisionKey`. */
  folderOwners: ReadonlyMap<string, ReadonlySet<string>>;
  /** Locations this run placed a file at, by `locationKey`. */
  placed: Map<string, ManifestEntry>;
  takenFolders: Set<string>;
  failures: ExportFailure[];
  progress: { done: number; total: number };
}>;

function locationKey(folder: string, file: string): string {
  return `${collisionKey(folder)}/${collisionKey(file)}`;
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describe(error: unknown): string {
  if (error instanceof PlacementError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return `could not export it: ${message}`;
}

async function lstatOrNull(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null;
    throw error;
  }
}

function displayPath(source: string | Buffer): string {
  return typeof source === 'string' ? source : source.toString('utf8');
}

/** The destination with symlinks resolved, created unless this is a dry run (where it may not exist yet). */
async function openDestination(destination: string, dryRun: boolean): Promise<string> {
  if (!isAbsolute(destination)) throw new AppError('invalid-argument', `destination must be absolute: ${destination}`);
  try {
    if (!dryRun) await mkdir(destination, { recursive: true });
    const root = await realpath(destination);
    if (!(await stat(root)).isDirectory()) throw new AppError('invalid-argument', `${destination} is not a folder`);
    return root;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (dryRun && errorCode(error) === 'ENOENT') return resolve(destination);
    const code = errorCode(error);
    if (code === 'EEXIST' || code === 'ENOTDIR')
      throw new AppError('invalid-argument', `${destination} is not a folder`);
    throw new AppError('io', `cannot use ${destination} as the export folder: ${describe(error)}`);
  }
}

/** Earlier entries whose names are still safe single segments (a hand-edited manifest cannot steer us) and exist. */
async function livePreviousEntries(root: string, entries: readonly ManifestEntry[]): Promise<ManifestEntry[]> {
  const live: ManifestEntry[] = [];
  for (const entry of entries) {
    const safe = safeName(entry.folder, '', false) === entry.folder && safeName(entry.file, '', true) === entry.file;
    if (safe && (await lstatOrNull(join(root, entry.folder, entry.file))) !== null) live.push(entry);
  }
  return live;
}

async function openSource(item: ExportItem): Promise<Source> {
  const bytes = Buffer.isBuffer(item.source) ? item.source : Buffer.from(item.source);
  // latin1 maps each byte to one character, so a non-UTF-8 path still shows its leading '/' or drive letter.
  if (!isAbsolute(bytes.toString('latin1'))) throw new PlacementError("the original's path is not absolute");
  let stats: Stats;
  let realPath: Buffer;
  try {
    stats = await stat(item.source);
    realPath = await realpath(item.source, { encoding: 'buffer' });
  } catch (error) {
    throw new PlacementError(sourceFailure(error));
  }
  if (!stats.isFile()) throw new PlacementError('the original is not a regular file');
  return { path: item.source, bytes, realPath, stats };
}

/**
 * The group's folder: the first of "Name", "Name (2)", … that no other group of this run or of an earlier run
 * (per the manifest) holds and that is free or a real folder (never a file or a symlink, which could lead outside).
 */
async function settleFolder(run: Run, group: ExportGroup): Promise<Folder> {
  const wantedName = safeName(group.folderName, FOLDER_FALLBACK, false);
  for (let n = 1; n <= MAX_SUFFIX; n++) {
    const name = withCollisionSuffix(wantedName, n, false);
    const key = collisionKey(name);
    if (run.takenFolders.has(key) || RESERVED_IN_DESTINATION.has(key)) continue;
    const owners = run.folderOwners.get(key);
    if (owners !== undefined && !owners.has(group.key)) continue;
    const path = pathInside(run.root, run.root, name);
    let existing = await lstatOrNull(path);
    if (existing === null && !run.dryRun) {
      try {
        await mkdir(path);
      } catch (error) {
        if (errorCode(error) !== 'EEXIST')
          throw new PlacementError(`cannot create the folder ${name}: ${describe(error)}`);
      }
      existing = await lstat(path);
    }
    // lstat: a symlink is never "a folder" here, wherever it points.
    if (existing !== null && !existing.isDirectory()) continue;
    run.takenFolders.add(key);
    return { name, wantedName, path };
  }
  throw new PlacementError(`no free folder name for ${wantedName}`);
}

function sanitizedFileName(item: ExportItem): string {
  const name = safeName(item.name, `photo-${item.photoId}`, true);
  if (splitExtension(name).ext !== '') return name;
  // A display name without an extension would leave the file unopenable by a double click: borrow the original's.
  const original = splitExtension(displayPath(item.source).split(/[\\/]/u).pop() ?? '').ext;
  return /^\.[A-Za-z0-9]{1,10}$/u.test(original) ? safeName(name + original, name, true) : name;
}

async function placeItem(run: Run, group: ExportGroup, folder: Folder, item: ExportItem): Promise<ExportedFile> {
  const source = await openSource(item);
  const placer = createPlacer(run.options.mode, source, folder.path);
  const wantedName = sanitizedFileName(item);
  try {
    for (let n = 1; n <= MAX_SUFFIX; n++) {
      const name = withCollisionSuffix(wantedName, n, true);
      const key = locationKey(folder.name, name);
      if (run.placed.has(key)) continue;
      const previous = run.previous.get(key);
      // A name an earlier run gave another photo stays that photo's, even once stale.
      if (previous !== undefined && (previous.group !== group.key || previous.photoId !== item.photoId)) continue;
      const path = pathInside(run.root, folder.path, name);
      const existing = await lstatOrNull(path);
      let outcome: ExportedFile['outcome'];
      if (existing !== null) {
        if (!(await placer.recognizes(path, existing, previous))) continue;
        outcome = 'unchanged';
      } else {
        if (!run.dryRun && (await placer.create(path)) === 'exists') continue;
        outcome = 'written';
      }
      const display = displayPath(item.source);
      run.placed.set(key, {
        group: group.key,
        folder: folder.name,
        file: name,
        photoId: item.photoId,
        mode: run.options.mode,
        source: display,
        ...(Buffer.from(display).equals(source.bytes) ? {} : { sourceBytes: source.bytes.toString('base64') }),
        size: source.stats.size,
        sourceMtimeMs: source.stats.mtimeMs,
        ...placer.copyFacts(),
      });
      return { photoId: item.photoId, source: display, name, wantedName, path, outcome, renamedForCollision: n > 1 };
    }
    throw new PlacementError(`no free file name for ${wantedName}`);
  } finally {
    await placer.dispose();
  }
}

function fail(run: Run, group: ExportGroup, item: ExportItem, error: unknown): void {
  run.failures.push({
    groupKey: group.key,
    photoId: item.photoId,
    source: displayPath(item.source),
    reason: describe(error),
  });
}

function tick(run: Run, current: string): void {
  run.progress.done += 1;
  run.options.onProgress?.({ done: run.progress.done, total: run.progress.total, current });
}

/** Each photo once per group: the same photo twice in one folder would only be a second name for one file. */
function distinctItems(group: ExportGroup): ExportItem[] {
  const seen = new Set<number>();
  return group.items.filter((item) => !seen.has(item.photoId) && seen.add(item.photoId));
}

async function exportGroup(run: Run, group: ExportGroup, items: readonly ExportItem[]): Promise<ExportedFolder | null> {
  let folder: Folder;
  try {
    folder = await settleFolder(run, group);
  } catch (error) {
    for (const item of items) {
      fail(run, group, item, error);
      tick(run, item.name);
    }
    return null;
  }
  const files: ExportedFile[] = [];
  for (const item of items) {
    run.options.signal?.throwIfAborted();
    let current = `${folder.name}/${item.name}`;
    try {
      const file = await placeItem(run, group, folder, item);
      files.push(file);
      current = `${folder.name}/${file.name}`;
    } catch (error) {
      fail(run, group, item, error);
    }
    tick(run, current);
  }
  const renamedForCollision = folder.name !== folder.wantedName;
  return {
    key: group.key,
    folderName: folder.name,
    wantedName: folder.wantedName,
    path: folder.path,
    renamedForCollision,
    files,
  };
}

/**
 * Exports every group into its own folder under `options.destination` and returns what happened to each file.
 * A file that cannot be exported is reported in `failures` and never stops the export. Rejects on a destination
 * that cannot be used, a foreign file under a manifest's name, duplicate group keys, or abort (`signal.reason`,
 * after recording what was done so far in the manifest).
 */
export async function exportGroups(groups: readonly ExportGroup[], options: ExportOptions): Promise<ExportReport> {
  const keys = new Set(groups.map((g) => g.key));
  if (keys.size !== groups.length) throw new AppError('invalid-argument', 'export groups must have distinct keys');
  options.signal?.throwIfAborted();
  const dryRun = options.dryRun ?? false;
  const root = await openDestination(options.destination, dryRun);
  const stored = await readManifest(root);
  const live = await livePreviousEntries(root, stored.entries);
  const previous = new Map(live.map((entry) => [locationKey(entry.folder, entry.file), entry]));
  const folderOwners = new Map<string, Set<string>>();
  for (const entry of live) {
    const key = collisionKey(entry.folder);
    folderOwners.set(key, (folderOwners.get(key) ?? new Set()).add(entry.group));
  }
  const itemsByGroup = groups.map(distinctItems);
  const run: Run = {
    root,
    options,
    dryRun,
    previous,
    folderOwners,
    placed: new Map(),
    takenFolders: new Set(),
    failures: [],
    progress: { done: 0, total: itemsByGroup.reduce((n, items) => n + items.length, 0) },
  };
  options.onProgress?.({ done: 0, total: run.progress.total });

  const folders: ExportedFolder[] = [];
  const record = async () => {
    if (dryRun) return;
    const carried = [...previous].filter(([key]) => !run.placed.has(key)).map(([, entry]) => entry);
    await saveManifest(root, [...run.placed.values(), ...carried], stored);
  };
  try {
    for (const [index, group] of groups.entries()) {
      const folder = await exportGroup(run, group, itemsByGroup[index] ?? []);
      if (folder !== null) folders.push(folder);
    }
  } catch (error) {
    await record();
    throw error;
  }
  await record();

  const stale: StaleFile[] = [...previous]
    .filter(([key]) => !run.placed.has(key))
    .map(([, e]) => ({ groupKey: e.group, photoId: e.photoId, source: e.source, path: join(root, e.folder, e.file) }));
  const files = folders.flatMap((f) => f.files);
  return {
    destination: root,
    mode: options.mode,
    dryRun,
    folders,
    counts: {
      written: files.filter((f) => f.outcome === 'written').length,
      unchanged: files.filter((f) => f.outcome === 'unchanged').length,
      renamedForCollision: files.filter((f) => f.renamedForCollision).length,
      stale: stale.length,
      failed: run.failures.length,
    },
    failures: run.failures,
    stale,
    manifest: { json: join(root, MANIFEST_JSON), csv: join(root, MANIFEST_CSV) },
  };
}
