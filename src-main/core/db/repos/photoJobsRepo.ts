import { stmt, type Db } from '../database.js';

/** Per-photo work such as face indexing: which photos a stage at a given version has not processed yet. */
export type StageWork = Readonly<{ id: number; pathRaw: Buffer; path: string }>;

const NEEDS = `FROM photos p WHERE p.status IN ('ok', 'damaged') AND NOT EXISTS (
  SELECT 1 FROM photo_jobs j WHERE j.photo_id = p.id AND j.job = ? AND j.version = ?)`;

export function photosNeedingStage(
  db: Db,
  stage: string,
  version: string,
  afterId: number,
  limit: number,
): StageWork[] {
  return stmt(db, `SELECT p.id, p.path_raw AS pathRaw, p.path ${NEEDS} AND p.id > ? ORDER BY p.id LIMIT ?`).all(
    stage,
    version,
    afterId,
    limit,
  ) as StageWork[];
}

export function countPhotosNeedingStage(db: Db, stage: string, version: string): number {
  return (stmt(db, `SELECT COUNT(*) AS n ${NEEDS}`).get(stage, version) as { n: number }).n;
}

export function countPhotosForStages(db: Db): number {
  return (stmt(db, `SELECT COUNT(*) AS n FROM photos WHERE status IN ('ok', 'damaged')`).get() as { n: number }).n;
}

/** Records that `stage` at `version` processed the photo; `error` says why it produced nothing, if it failed. */
export function markStageDone(
  db: Db,
  photoId: number,
  stage: string,
  version: string,
  error: string | null,
  at: string,
): void {
  stmt(
    db,
    `INSERT INTO photo_jobs (photo_id, job, version, done_at, error) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (photo_id, job) DO UPDATE SET version = excluded.version, done_at = excluded.done_at, error = excluded.error`,
  ).run(photoId, stage, version, at, error);
}

export type StageState = Readonly<{ version: string; doneAt: string | null; error: string | null }>;

export function stageState(db: Db, photoId: number, stage: string): StageState | undefined {
  return stmt(db, 'SELECT version, done_at AS doneAt, error FROM photo_jobs WHERE photo_id = ? AND job = ?').get(
    photoId,
    stage,
  ) as StageState | undefined;
}

export function countStageDone(db: Db, stage: string): number {
  return (stmt(db, 'SELECT COUNT(*) AS n FROM photo_jobs WHERE job = ?').get(stage) as { n: number }).n;
}
