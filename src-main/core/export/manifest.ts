import { randomUUID } from 'node:crypto';
import { lstat, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { ExportMode } from './exportTypes.js';

/*
 * The export's record, beside its folders: which file in which folder this export wrote, for which photo, from which
 * original. Read on re-runs to recognise earlier output and to report what no longer belongs; written atomically and
 * only when its content changed, so a re-run that changes nothing leaves it untouched too.
 */

export const MANIFEST_JSON = 'facets-export.json';
export const MANIFEST_CSV = 'facets-export.csv';

const MANIFEST_FORMAT = 'facets-export';
const CSV_HEADER = ['group', 'folder', 'file', 'source', 'photo_id', 'mode'].join(',');
const BOM = '\ufeff';
const MANIFEST_VERSION = 1;

const Entry = z.object({
  group: z.string(),
  folder: z.string().min(1),
  file: z.string().min(1),
  photoId: z.number().int(),
  mode: z.enum(['copy', 'hardlink', 'symlink'] as const satisfies readonly ExportMode[]),
  /** The original's path for display (invalid UTF-8 shown as U+FFFD). */
  source: z.string(),
  /** The original's exact path bytes, base64, present only when `source` cannot spell them. */
  sourceBytes: z.string().optional(),
  /** The original's size and mtime when this file was made. */
  size: z.number().int().nonnegative(),
  sourceMtimeMs: z.number(),
  /** Copies only: the copy's own mtime right after it was written, and the content's sha-256. */
  fileMtimeMs: z.number().optional(),
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/u)
    .optional(),
});

export type ManifestEntry = z.infer<typeof Entry>;

const ManifestFile = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(MANIFEST_VERSION),
  files: z.array(Entry),
});

export type StoredManifest = Readonly<{ entries: readonly ManifestEntry[]; json: string | null; csv: string | null }>;

async function readOwnFile(path: string, label: string): Promise<string | null> {
  let stats;
  try {
    stats = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // Never follow a link planted under the manifest's name out of the destination.
  if (!stats.isFile()) throw new AppError('conflict', `${path} is not a regular file; ${label}`);
  return readFile(path, 'utf8');
}

/** The previous run's record (none on a first run). Refuses a file under the manifest's name that is not one. */
export async function readManifest(root: string): Promise<StoredManifest> {
  const hint = 'move it away or export to another folder';
  const jsonPath = join(root, MANIFEST_JSON);
  const json = await readOwnFile(jsonPath, hint);
  const csvPath = join(root, MANIFEST_CSV);
  const csv = await readOwnFile(csvPath, hint);
  if (csv !== null && !csv.startsWith(`${BOM}${CSV_HEADER}\r\n`))
    throw new AppError('conflict', `${csvPath} was not written by a Facets export; ${hint}`);
  if (json === null) return { entries: [], json, csv };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    parsed = undefined;
  }
  const checked = ManifestFile.safeParse(parsed);
  if (!checked.success) throw new AppError('conflict', `${jsonPath} is not a Facets export manifest; ${hint}`);
  return { entries: checked.data.files, json, csv };
}

function byLocation(a: ManifestEntry, b: ManifestEntry): number {
  return a.folder < b.folder ? -1 : a.folder > b.folder ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
}

/** Deterministic text (sorted, no timestamps of its own) so an unchanged export yields identical bytes. */
export function manifestJson(entries: readonly ManifestEntry[]): string {
  const files = [...entries].sort(byLocation);
  return `${JSON.stringify({ format: MANIFEST_FORMAT, version: MANIFEST_VERSION, files }, null, 2)}\n`;
}

/** A spreadsheet would run a cell starting like a formula ("=HYPERLINK(…)" as a person's name): quote it as text. */
function csvCell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/u.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One row per exported file: group key, folder, file, source path, photo id, mode. A byte-order mark first, so
 * spreadsheet programs read the names as UTF-8.
 */
export function manifestCsv(entries: readonly ManifestEntry[]): string {
  const rows = [...entries]
    .sort(byLocation)
    .map((e) => [e.group, e.folder, e.file, e.source, e.photoId, e.mode].map(csvCell).join(','));
  return `${BOM}${[CSV_HEADER, ...rows].join('\r\n')}\r\n`;
}

/** Temp file in the same folder, flushed, then renamed over the target: readers see the old or the new, never half. */
export async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(path, '..', `.${randomUUID()}.facets-export.tmp`);
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Writes both manifest files where their content differs from what is on disk. */
export async function saveManifest(
  root: string,
  entries: readonly ManifestEntry[],
  previous: StoredManifest,
): Promise<void> {
  const json = manifestJson(entries);
  const csv = manifestCsv(entries);
  if (json !== previous.json) await writeAtomically(join(root, MANIFEST_JSON), json);
  if (csv !== previous.csv) await writeAtomically(join(root, MANIFEST_CSV), csv);
}
