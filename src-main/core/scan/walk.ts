import { readdir, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { sep } from 'node:path';

/*
 * Folder walking for the scanner: raw-byte paths (names need not be UTF-8), no recursion, one folder listed at a time,
 * links followed without ever looping. Plain Node; no database, no decoding.
 */

export type WalkEntry = Readonly<{
  /** Absolute path as the file system spells it, byte for byte. */
  path: Buffer;
  /** The file name decoded lossily (invalid UTF-8 shows as U+FFFD): for extension checks and display only. */
  name: string;
  size: number;
  mtimeMs: number;
}>;

export type WalkIssueCode =
  'dangling-link' | 'link-loop' | 'already-visited' | 'unreadable-folder' | 'unreadable-entry';

export type WalkIssue = Readonly<{
  /** For display. */
  path: string;
  /** Byte-exact, so a caller can tell which stored photos lie below a folder that could not be read. */
  rawPath: Buffer;
  code: WalkIssueCode;
  message: string;
}>;

export type WalkOptions = Readonly<{
  signal?: AbortSignal;
  /** Asked for every folder below the root before it is entered (e.g. to keep the library's own folder out). */
  skipDir?: (dirPath: Buffer) => boolean;
  batchSize?: number;
  onIssue: (issue: WalkIssue) => void;
}>;

const DEFAULT_BATCH = 256;
/** Stats in flight at once within one folder: enough to hide latency on network drives without flooding libuv. */
const STAT_CONCURRENCY = 32;

/**
 * Folders that never hold the user's own photos, compared case-insensitively: recycle bins, file-system bookkeeping,
 * NAS thumbnail and snapshot caches (Synology `@eaDir`, `#recycle`, `#snapshot`; QNAP `@Recycle`), and code trees.
 * Names starting with '.' (`.Trashes`, `.Spotlight-V100`, `.thumbnails`, …) are skipped by the hidden rule already.
 */
const SYSTEM_FOLDERS = new Set(
  [
    '$RECYCLE.BIN',
    'RECYCLER',
    'RECYCLED',
    'System Volume Information',
    '@eaDir',
    '#recycle',
    '#snapshot',
    '@Recycle',
    '@Recently-Snapshot',
    'lost+found',
    'node_modules',
  ].map((name) => name.toLowerCase()),
);

/**
 * Photo-application bundles hold copies the application derived from originals stored elsewhere or inside them
 * (Apple Photos and iPhoto keep renders, previews and thumbnails of every picture; Lightroom's `.lrdata` folders are
 * nothing but previews). Scanning them would list every photo several times over in lower quality, and the bundle
 * belongs to that application, so the user imports originals, not its caches.
 */
const DERIVATIVE_BUNDLE_SUFFIXES = ['.photoslibrary', '.photolibrary', '.aplibrary', '.lrdata'];

/** Lossy UTF-8 for display: bytes that are not valid UTF-8 become U+FFFD. */
export function displayPath(raw: Uint8Array): string {
  return Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
}

/** Whether the walk leaves a folder of this name alone (hidden, system, or a photo application's derivative bundle). */
export function isSkippedFolderName(name: string): boolean {
  if (name.startsWith('.')) return true;
  const lower = name.toLowerCase();
  return SYSTEM_FOLDERS.has(lower) || DERIVATIVE_BUNDLE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

const SEP = Buffer.from(sep);

function joinRaw(dir: Buffer, name: Buffer): Buffer {
  return dir.length > 0 && dir[dir.length - 1] === SEP[0]
    ? Buffer.concat([dir, name])
    : Buffer.concat([dir, SEP, name]);
}

function dirKey(stats: Stats): string {
  return `${stats.dev}:${stats.ino}`;
}

function reason(error: unknown): string {
  switch (errnoOf(error)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENAMETOOLONG':
      return 'the path is too long for the system';
    case 'EIO':
      return 'the disk reported a read error';
    default:
      return errnoOf(error) ?? (error instanceof Error ? error.message : String(error));
  }
}

type Walker = {
  readonly options: WalkOptions;
  readonly visited: Set<string>;
  /** Folders still to list, deepest last: a depth-first walk keeps this to the open siblings along one branch. */
  readonly pending: Buffer[];
  /**
   * Folders reached through links, entered only once every real folder is done: a photo inside the root is then
   * recorded under its real path, and a link into the tree is reported as already visited, not the other way round.
   */
  readonly linked: FoundFolder[];
};

function issue(walker: Walker, rawPath: Buffer, code: WalkIssueCode, message: string): void {
  walker.options.onIssue({ path: displayPath(rawPath), rawPath, code, message });
}

/** Marks a folder as entered; false (and an issue) when it was entered already: a link or bind mount leading back. */
function enter(walker: Walker, folder: FoundFolder): boolean {
  const key = dirKey(folder.stats);
  if (walker.visited.has(key)) {
    issue(
      walker,
      folder.path,
      'already-visited',
      'Skipped: this folder was already scanned through another path (a link or mount)',
    );
    return false;
  }
  walker.visited.add(key);
  return true;
}

function nextFolder(walker: Walker): Buffer | undefined {
  const real = walker.pending.pop();
  if (real) return real;
  for (let link = walker.linked.shift(); link; link = walker.linked.shift()) {
    if (enter(walker, link)) return link.path;
  }
  return undefined;
}

/**
 * Every regular file below `root`, in batches. Hidden, system and derivative-bundle folders are skipped; links to files
 * and folders are followed, but each folder (by device and inode) is entered once, so link loops end. Broken links and
 * folders that cannot be read are reported through `onIssue` and the walk goes on.
 *
 * Throws when the root itself cannot be listed (a missing drive must not look like a folder whose photos were all
 * deleted) and, with `signal.reason`, when cancelled: in both cases the listing is incomplete. Likewise, files below a
 * folder reported as 'unreadable-folder' (or an 'unreadable-entry') were not listed but may well still exist: callers
 * must not take their absence for deletion (`rawPath` gives the byte-exact prefix to protect).
 * Memory: one folder's listing at a time plus the set of folder ids entered, never the whole tree.
 */
export async function* walkRoot(root: Buffer, options: WalkOptions): AsyncGenerator<WalkEntry[], void, undefined> {
  const { signal } = options;
  signal?.throwIfAborted();
  const rootStats = await stat(root);
  if (!rootStats.isDirectory()) {
    throw Object.assign(new Error(`not a folder: ${displayPath(root)}`), { code: 'ENOTDIR' });
  }
  const walker: Walker = { options, visited: new Set([dirKey(rootStats)]), pending: [root], linked: [] };
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  let batch: WalkEntry[] = [];
  for (let dir = nextFolder(walker); dir !== undefined; dir = nextFolder(walker)) {
    signal?.throwIfAborted();
    for await (const entry of listFolder(walker, dir, dir === root)) {
      batch.push(entry);
      if (batch.length >= batchSize) {
        yield batch;
        batch = [];
        signal?.throwIfAborted();
      }
    }
  }
  if (batch.length > 0) yield batch;
}

/** Lists one folder: yields its files and queues its subfolders. */
async function* listFolder(walker: Walker, dir: Buffer, isRoot: boolean): AsyncGenerator<WalkEntry, void, undefined> {
  let entries: Dirent<Buffer>[];
  try {
    entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
  } catch (error) {
    if (isRoot) throw error;
    // Gone or replaced by a file since it was queued: its photos are gone too, which is not an issue.
    if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return;
    issue(
      walker,
      dir,
      'unreadable-folder',
      `Folder could not be opened (${reason(error)}); its photos were not scanned`,
    );
    return;
  }
  // Sockets, pipes and devices are never photos (and opening a pipe would block), so only these three kinds are looked at.
  const candidates = entries.filter(
    (entry) => (entry.isDirectory() || entry.isFile() || entry.isSymbolicLink()) && !isSkippedName(walker, dir, entry),
  );
  const folders: FoundFolder[] = [];
  for (let at = 0; at < candidates.length; at += STAT_CONCURRENCY) {
    const chunk = candidates.slice(at, at + STAT_CONCURRENCY);
    for (const found of await Promise.all(chunk.map((entry) => inspect(walker, dir, entry)))) {
      if (found?.kind === 'file') yield found.entry;
      else if (found?.kind === 'folder') folders.push(found);
    }
  }
  // Listed in name order (a deterministic walk is easier to reason about), so queued in reverse for the stack.
  folders.sort((a, b) => Buffer.compare(a.path, b.path));
  const real = folders.filter((folder) => !folder.viaLink && enter(walker, folder));
  walker.pending.push(...real.reverse().map((folder) => folder.path));
  walker.linked.push(...folders.filter((folder) => folder.viaLink));
}

type FoundFolder = Readonly<{ kind: 'folder'; path: Buffer; stats: Stats; viaLink: boolean }>;
type Found = Readonly<{ kind: 'file'; entry: WalkEntry }> | FoundFolder;

function isSkippedName(walker: Walker, dir: Buffer, entry: Dirent<Buffer>): boolean {
  const name = displayPath(entry.name);
  if (name.startsWith('.')) return true;
  // A link's kind is known only after it is followed; its name is checked again then.
  if (!entry.isDirectory()) return false;
  return isSkippedFolderName(name) || (walker.options.skipDir?.(joinRaw(dir, entry.name)) ?? false);
}

/** Follows the entry: a file to yield, a folder to queue, or null (gone, broken, or neither). */
async function inspect(walker: Walker, dir: Buffer, entry: Dirent<Buffer>): Promise<Found | null> {
  const path = joinRaw(dir, entry.name);
  let stats: Stats;
  try {
    stats = await stat(path);
  } catch (error) {
    const code = errnoOf(error);
    if (code === 'ENOENT') {
      // A plain entry that vanished since the listing was deleted mid-scan: nothing to report.
      if (entry.isSymbolicLink()) issue(walker, path, 'dangling-link', 'Broken link: what it points to does not exist');
    } else if (code === 'ELOOP') {
      issue(walker, path, 'link-loop', 'Link loop: this link leads back to itself');
    } else {
      const what = entry.isDirectory() ? 'Folder could not be opened' : 'Could not be checked';
      issue(walker, path, entry.isDirectory() ? 'unreadable-folder' : 'unreadable-entry', `${what} (${reason(error)})`);
    }
    return null;
  }
  const name = displayPath(entry.name);
  if (stats.isDirectory()) {
    if (entry.isSymbolicLink() && (isSkippedFolderName(name) || walker.options.skipDir?.(path))) return null;
    return { kind: 'folder', path, stats, viaLink: entry.isSymbolicLink() };
  }
  if (!stats.isFile()) return null;
  return { kind: 'file', entry: { path, name, size: stats.size, mtimeMs: stats.mtimeMs } };
}
