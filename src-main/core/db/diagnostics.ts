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

export type FaceIndexHealth = Readonly<{
  faces: number;
  embeddings: number;
  /** Faces whose descriptor row is missing, or descriptors whose face is gone: must both be 0. */
  orphans: number;
  photosMarked: number;
  facesByPath: Readonly<Record<string, number>>;
}>;

/** What a crash during face indexing must never break: one descriptor per face, faces of each photo exactly once. */
export function faceIndexHealth(db: Db): FaceIndexHealth {
  const count = (sql: string) => (stmt(db, sql).get() as { n: number }).n;
  const rows = stmt(
    db,
    `SELECT p.path, COUNT(f.id) AS n FROM photos p JOIN photo_jobs j ON j.photo_id = p.id AND j.job = 'faces'
     LEFT JOIN faces f ON f.photo_id = p.id GROUP BY p.id ORDER BY p.path`,
  ).all() as { path: string; n: number }[];
  return {
    faces: count('SELECT COUNT(*) AS n FROM faces'),
    embeddings: count('SELECT COUNT(*) AS n FROM face_embeddings'),
    orphans:
      count(
        'SELECT COUNT(*) AS n FROM faces f WHERE NOT EXISTS (SELECT 1 FROM face_embeddings e WHERE e.face_id = f.id)',
      ) +
      count(
        'SELECT COUNT(*) AS n FROM face_embeddings e WHERE NOT EXISTS (SELECT 1 FROM faces f WHERE f.id = e.face_id)',
      ),
    photosMarked: rows.length,
    facesByPath: Object.fromEntries(rows.map((r) => [r.path, r.n])),
  };
}
