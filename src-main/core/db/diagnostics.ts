import { stmt, type Db } from './database.js';

export type LibraryHealth = Readonly<{
  integrity: string;
  foreignKeyViolations: number;
  photos: number;
  distinctPaths: number;
  ok: number;
  thumbnails: number;
  pendingScanEntries: number;
  unfinishedJobs: number;
}>;

/** What a crash must never break: integrity, references, one row per path, no leftover work. */
export function libraryHealth(db: Db): LibraryHealth {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
    .map((r) => r.integrity_check)
    .join('; ');
  const foreignKeyViolations = (db.pragma('foreign_key_check') as unknown[]).length;
  const counts = stmt(
    db,
    `SELECT COUNT(*) AS photos, COUNT(DISTINCT path_raw) AS distinctPaths, COALESCE(SUM(status = 'ok'), 0) AS ok,
       (SELECT COUNT(*) FROM thumbnails) AS thumbnails,
       (SELECT COUNT(*) FROM scan_entries) AS pendingScanEntries,
       (SELECT COUNT(*) FROM jobs WHERE state IN ('running', 'interrupted')) AS unfinishedJobs
     FROM photos`,
  ).get() as Omit<LibraryHealth, 'integrity' | 'foreignKeyViolations'>;
  return { integrity, foreignKeyViolations, ...counts };
}

/** The phase recorded for the newest unfinished job, if any. */
export function unfinishedJobPhase(db: Db): string | null | undefined {
  const row = stmt(db, `SELECT phase FROM jobs WHERE state IN ('running', 'interrupted') ORDER BY id DESC`).get() as
    { phase: string | null } | undefined;
  return row === undefined ? undefined : row.phase;
}
