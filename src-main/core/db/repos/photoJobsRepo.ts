import { stmt, type Db } from '../database.js';

/** A per-photo stage at the version its current code and models give. */
export type StageAt = Readonly<{ stage: string; version: string }>;

/** Per-photo work such as face indexing: a photo and which of the asked stages it still needs. */
export type StageWork = Readonly<{ id: number; pathRaw: Buffer; path: string; needs: readonly string[] }>;

const missing = (stage: StageAt) =>
  [
    'NOT EXISTS (SELECT 1 FROM photo_jobs j WHERE j.photo_id = p.id AND j.job = ? AND j.version = ?)',
    [stage.stage, stage.version],
  ] as const;

/** SQL and parameters selecting the photos that lack at least one of `stages` at its version. */
function needingAny(stages: readonly StageAt[]): { where: string; params: string[] } {
  if (stages.length === 0) throw new RangeError('no stages asked for');
  const parts = stages.map(missing);
  return {
    where: `p.status IN ('ok', 'damaged') AND (${parts.map(([sql]) => sql).join(' OR ')})`,
    params: parts.flatMap(([, params]) => params),
  };
}

/** The next photos (by id, after `afterId`) that lack at least one of `stages`, each with the stages it lacks. */
export function photosNeedingStages(db: Db, stages: readonly StageAt[], afterId: number, limit: number): StageWork[] {
  const { where, params } = needingAny(stages);
  const rows = stmt(
    db,
    `SELECT p.id, p.path_raw AS pathRaw, p.path FROM photos p WHERE ${where} AND p.id > ? ORDER BY p.id LIMIT ?`,
  ).all(...params, afterId, limit) as { id: number; pathRaw: Buffer; path: string }[];
  const done = stmt(db, 'SELECT 1 FROM photo_jobs WHERE photo_id = ? AND job = ? AND version = ?');
  return rows.map((row) => ({
    ...row,
    needs: stages.filter((s) => !done.get(row.id, s.stage, s.version)).map((s) => s.stage),
  }));
}

export function countPhotosNeedingStages(db: Db, stages: readonly StageAt[]): number {
  const { where, params } = needingAny(stages);
  return (stmt(db, `SELECT COUNT(*) AS n FROM photos p WHERE ${where}`).get(...params) as { n: number }).n;
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
