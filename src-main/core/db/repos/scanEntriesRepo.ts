import { stmt, type Db } from '../database.js';

export type ScanEntry = Readonly<{ pathRaw: Buffer; rootId: number; size: number; mtimeMs: number }>;
export type PendingEntry = ScanEntry & Readonly<{ seq: number }>;

export function insertScanEntries(db: Db, jobId: number, entries: readonly ScanEntry[]): void {
  const insert = stmt(
    db,
    'INSERT OR IGNORE INTO scan_entries (job_id, path_raw, root_id, size, mtime_ms) VALUES (?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const e of entries) insert.run(jobId, e.pathRaw, e.rootId, e.size, e.mtimeMs);
  })();
}

/**
 * Settles, in SQL and without opening a file, every entry whose file is already indexed with the same size and mtime
 * by the current scanner version, or remembered as a non-image: what makes a rescan of an unchanged tree cheap.
 */
export function settleUnchangedEntries(db: Db, jobId: number, scanVersion: number): number {
  return db.transaction(() => {
    const photos = stmt(
      db,
      `UPDATE scan_entries AS e SET pending = 0
       WHERE e.job_id = ? AND e.pending = 1 AND EXISTS (
         SELECT 1 FROM photos p WHERE p.path_raw = e.path_raw AND p.size = e.size AND p.mtime_ms = e.mtime_ms
           AND p.scan_version = ? AND p.root_id = e.root_id)`,
    ).run(jobId, scanVersion).changes;
    const ignored = stmt(
      db,
      `UPDATE scan_entries AS e SET pending = 0
       WHERE e.job_id = ? AND e.pending = 1 AND EXISTS (
         SELECT 1 FROM ignored_files i WHERE i.path_raw = e.path_raw AND i.size = e.size AND i.mtime_ms = e.mtime_ms)`,
    ).run(jobId).changes;
    return photos + ignored;
  })();
}

/** The next pending entries after `afterSeq`, in discovery order (rowid), so a resumed scan continues where it was. */
export function nextPendingEntries(db: Db, jobId: number, afterSeq: number, limit: number): PendingEntry[] {
  return stmt(
    db,
    `SELECT rowid AS seq, path_raw AS pathRaw, root_id AS rootId, size, mtime_ms AS mtimeMs FROM scan_entries
     WHERE job_id = ? AND pending = 1 AND rowid > ? ORDER BY rowid LIMIT ?`,
  ).all(jobId, afterSeq, limit) as PendingEntry[];
}

export function settleEntry(db: Db, jobId: number, pathRaw: Buffer): void {
  stmt(db, 'UPDATE scan_entries SET pending = 0 WHERE job_id = ? AND path_raw = ?').run(jobId, pathRaw);
}

export function countScanEntries(db: Db, jobId: number): { total: number; done: number } {
  return stmt(
    db,
    'SELECT COUNT(*) AS total, COALESCE(SUM(pending = 0), 0) AS done FROM scan_entries WHERE job_id = ?',
  ).get(jobId) as { total: number; done: number };
}

export function clearScanEntries(db: Db, jobId: number): void {
  stmt(db, 'DELETE FROM scan_entries WHERE job_id = ?').run(jobId);
  stmt(db, 'DELETE FROM scan_kept WHERE job_id = ?').run(jobId);
}

/** Marks a path the walk could not list: whatever is indexed at or below it is kept, not taken for deleted. */
export function keepUnlistedPath(db: Db, jobId: number, pathRaw: Buffer, separator: string): void {
  const prefix = Buffer.concat([pathRaw, Buffer.from(separator)]);
  stmt(db, 'INSERT OR IGNORE INTO scan_kept (job_id, path_raw, prefix) VALUES (?, ?, ?)').run(jobId, pathRaw, prefix);
}

const UNSEEN = (table: string) => `DELETE FROM ${table} WHERE root_id = ?
  AND NOT EXISTS (SELECT 1 FROM scan_entries e WHERE e.job_id = ? AND e.path_raw = ${table}.path_raw)
  AND NOT EXISTS (SELECT 1 FROM scan_kept k WHERE k.job_id = ? AND (k.path_raw = ${table}.path_raw
    OR substr(${table}.path_raw, 1, length(k.prefix)) = k.prefix))`;

/**
 * After a complete walk of a root: photos and remembered non-images under it that the walk did not see are gone
 * from disk, so they leave the index, except below paths it could not list. Returns how many photos were removed.
 */
export function removeUnseen(db: Db, jobId: number, rootId: number): number {
  return db.transaction(() => {
    stmt(db, UNSEEN('ignored_files')).run(rootId, jobId, jobId);
    return stmt(db, UNSEEN('photos')).run(rootId, jobId, jobId).changes;
  })();
}
