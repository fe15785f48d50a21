import { stmt, type Db } from '../database.js';
import type { ImageFormat, PhotoQuery, PhotoStatus, ProblemCode } from '../../../../src-shared/types/photo.js';

/** The columns the scanner writes, as read back too. */
type PhotoFields = Readonly<{
  rootId: number;
  path: string;
  name: string;
  size: number;
  mtimeMs: number;
  format: ImageFormat | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  takenAt: string | null;
  takenAtOffset: string | null;
  cameraMake: string | null;
  cameraModel: string | null;
  gpsLat: number | null;
  gpsLon: number | null;
  gpsAlt: number | null;
  status: PhotoStatus;
  problemCode: ProblemCode | null;
  problemMessage: string | null;
}>;

/** What the scanner writes for one file. */
export type PhotoWrite = PhotoFields &
  Readonly<{ pathRaw: Buffer; contentHash: Uint8Array | null; scanVersion: number }>;

export type PhotoRow = PhotoFields &
  Readonly<{ id: number; contentHash: Buffer | null; firstSeenAt: string; updatedAt: string; hasThumbnail: 0 | 1 }>;

const COLUMNS = `p.id, p.root_id AS rootId, p.path, p.name, p.size, p.mtime_ms AS mtimeMs, p.content_hash AS contentHash,
  p.format, p.width, p.height, p.orientation, p.taken_at AS takenAt, p.taken_at_offset AS takenAtOffset,
  p.camera_make AS cameraMake, p.camera_model AS cameraModel, p.gps_lat AS gpsLat, p.gps_lon AS gpsLon,
  p.gps_alt AS gpsAlt, p.status, p.problem_code AS problemCode, p.problem_message AS problemMessage,
  p.first_seen_at AS firstSeenAt, p.updated_at AS updatedAt,
  EXISTS (SELECT 1 FROM thumbnails t WHERE t.photo_id = p.id) AS hasThumbnail`;

const FIELDS = [
  'root_id',
  'path_raw',
  'path',
  'name',
  'size',
  'mtime_ms',
  'content_hash',
  'format',
  'width',
  'height',
  'orientation',
  'taken_at',
  'taken_at_offset',
  'camera_make',
  'camera_model',
  'gps_lat',
  'gps_lon',
  'gps_alt',
  'status',
  'problem_code',
  'problem_message',
  'scan_version',
] as const;

function values(p: PhotoWrite): unknown[] {
  return [
    p.rootId,
    p.pathRaw,
    p.path,
    p.name,
    p.size,
    p.mtimeMs,
    p.contentHash,
    p.format,
    p.width,
    p.height,
    p.orientation,
    p.takenAt,
    p.takenAtOffset,
    p.cameraMake,
    p.cameraModel,
    p.gpsLat,
    p.gpsLon,
    p.gpsAlt,
    p.status,
    p.problemCode,
    p.problemMessage,
    p.scanVersion,
  ];
}

const UPSERT = `INSERT INTO photos (${FIELDS.join(', ')}, first_seen_at, updated_at)
  VALUES (${FIELDS.map(() => '?').join(', ')}, ?, ?)
  ON CONFLICT (path_raw) DO UPDATE SET ${FIELDS.filter((f) => f !== 'path_raw')
    .map((f) => `${f} = excluded.${f}`)
    .join(', ')},
    updated_at = excluded.updated_at
  RETURNING id`;

/** Inserts or refreshes the photo at a path; its id is kept when the path was already indexed. */
export function upsertPhoto(db: Db, photo: PhotoWrite, at: string): number {
  return (stmt(db, UPSERT).get(...values(photo), at, at) as { id: number }).id;
}

const MOVE = `UPDATE photos SET ${FIELDS.map((f) => `${f} = ?`).join(', ')}, updated_at = ? WHERE id = ?`;

/** Gives an existing photo (and so its faces, names and tags) a new path: a move or rename. */
export function movePhoto(db: Db, id: number, photo: PhotoWrite, at: string): void {
  stmt(db, MOVE).run(...values(photo), at, id);
}

export function photoIdAtPath(db: Db, pathRaw: Buffer): number | undefined {
  return (stmt(db, 'SELECT id FROM photos WHERE path_raw = ?').get(pathRaw) as { id: number } | undefined)?.id;
}

export function deletePhotoAtPath(db: Db, pathRaw: Buffer): void {
  stmt(db, 'DELETE FROM photos WHERE path_raw = ?').run(pathRaw);
}

/** Photos with this content whose path the given scan has not seen: candidates for "this file was moved". */
export function unseenPhotosWithHash(
  db: Db,
  jobId: number,
  contentHash: Uint8Array,
  size: number,
): { id: number; pathRaw: Buffer }[] {
  return stmt(
    db,
    `SELECT id, path_raw AS pathRaw FROM photos p WHERE content_hash = ? AND size = ? AND NOT EXISTS (
       SELECT 1 FROM scan_entries e WHERE e.job_id = ? AND e.path_raw = p.path_raw) ORDER BY id`,
  ).all(contentHash, size, jobId) as { id: number; pathRaw: Buffer }[];
}

/** Where an indexed photo's file is, as the scanner found it (raw bytes: not every path is valid UTF-8). */
export function photoPathRaw(db: Db, id: number): Buffer | undefined {
  return (stmt(db, 'SELECT path_raw AS pathRaw FROM photos WHERE id = ?').get(id) as { pathRaw: Buffer } | undefined)
    ?.pathRaw;
}

export function getPhoto(db: Db, id: number): PhotoRow | undefined {
  return stmt(db, `SELECT ${COLUMNS} FROM photos p WHERE p.id = ?`).get(id) as PhotoRow | undefined;
}

const SORTS = {
  // Undated photos sort after dated ones either way; id keeps the order total and stable for paging.
  takenAt: (desc: boolean) => `p.taken_at IS NULL, p.taken_at ${desc ? 'DESC' : 'ASC'}, p.id ${desc ? 'DESC' : 'ASC'}`,
  path: (desc: boolean) => `p.path ${desc ? 'DESC' : 'ASC'}, p.id`,
  added: (desc: boolean) => `p.id ${desc ? 'DESC' : 'ASC'}`,
} as const;

/** How much more a match costs to sort than an index entry costs to walk past (at 100k photos: 1.7 µs, 0.075 µs). */
const SORT_TO_WALK_COST = 20;

/**
 * Whether a filtered page in taken order should walk photos_by_taken, which holds every filtered column, and skip
 * what the filter refuses, rather than gather the matches through a filter's index and sort them. A walk to the
 * page's end passes about end × photos / matches entries; the sort reads and sorts every match. The grid's filter
 * passes nearly every photo (a walk); a problems list matches a few (a sort).
 */
export function walksTakenOrder(photos: number, matches: number, end: number): boolean {
  return matches > 0 && end * photos <= SORT_TO_WALK_COST * matches * matches;
}

function countPhotos(db: Db): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM photos').get() as { n: number }).n;
}

export function listPhotos(
  db: Db,
  query: PhotoQuery,
  defaultLimit: number,
): { rows: PhotoRow[]; total: number; offset: number; limit: number } {
  const filters: { column: string; values: readonly unknown[] }[] = [];
  if (query.status?.length) filters.push({ column: 'p.status', values: query.status });
  if (query.format?.length) filters.push({ column: 'p.format', values: query.format });
  if (query.rootId !== undefined) filters.push({ column: 'p.root_id', values: [query.rootId] });
  const params = filters.flatMap((f) => f.values);
  // A unary + keeps SQLite from searching a column's own index, so it walks the order's index instead.
  const where = (prefix: '' | '+') =>
    filters.length
      ? `WHERE ${filters.map((f) => `${prefix}${f.column} IN (${f.values.map(() => '?').join(', ')})`).join(' AND ')}`
      : '';
  const offset = query.offset ?? 0;
  const limit = query.limit ?? defaultLimit;
  const sort = query.sort ?? 'takenAt';
  const order = SORTS[sort](query.descending ?? query.sort === undefined);
  const total = (stmt(db, `SELECT COUNT(*) AS n FROM photos p ${where('')}`).get(...params) as { n: number }).n;
  const walk =
    filters.length > 0 &&
    sort === 'takenAt' &&
    walksTakenOrder(countPhotos(db), total, Math.min(total, offset + limit));
  const rows = stmt(
    db,
    `SELECT ${COLUMNS} FROM photos p ${where(walk ? '+' : '')} ORDER BY ${order} LIMIT ? OFFSET ?`,
  ).all(...params, limit, offset) as PhotoRow[];
  return { rows, total, offset, limit };
}

export function countByStatus(db: Db): { status: PhotoStatus; n: number }[] {
  return stmt(db, 'SELECT status, COUNT(*) AS n FROM photos GROUP BY status').all() as {
    status: PhotoStatus;
    n: number;
  }[];
}

export function countByFormat(db: Db): { format: ImageFormat | null; n: number }[] {
  return stmt(db, 'SELECT format, COUNT(*) AS n FROM photos GROUP BY format').all() as {
    format: ImageFormat | null;
    n: number;
  }[];
}

export type ThumbnailWrite = Readonly<{ mime: string; width: number; height: number; bytes: Uint8Array }>;

export function putThumbnail(db: Db, photoId: number, t: ThumbnailWrite | null): void {
  if (t) {
    stmt(db, 'INSERT OR REPLACE INTO thumbnails (photo_id, mime, width, height, bytes) VALUES (?, ?, ?, ?, ?)').run(
      photoId,
      t.mime,
      t.width,
      t.height,
      t.bytes,
    );
  } else {
    stmt(db, 'DELETE FROM thumbnails WHERE photo_id = ?').run(photoId);
  }
}

export function getThumbnail(db: Db, photoId: number): { mime: string; bytes: Uint8Array } | undefined {
  return stmt(db, 'SELECT mime, bytes FROM thumbnails WHERE photo_id = ?').get(photoId) as
    { mime: string; bytes: Uint8Array } | undefined;
}

export function rememberIgnored(
  db: Db,
  entry: Readonly<{ pathRaw: Buffer; rootId: number; size: number; mtimeMs: number }>,
): void {
  stmt(db, 'INSERT OR REPLACE INTO ignored_files (path_raw, root_id, size, mtime_ms) VALUES (?, ?, ?, ?)').run(
    entry.pathRaw,
    entry.rootId,
    entry.size,
    entry.mtimeMs,
  );
}

export function forgetIgnored(db: Db, pathRaw: Buffer): void {
  stmt(db, 'DELETE FROM ignored_files WHERE path_raw = ?').run(pathRaw);
}
