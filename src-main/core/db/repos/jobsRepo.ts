import { stmt, type Db } from '../database.js';
import type { JobIssue, JobKind, JobPhase, JobProgress, JobState } from '../../../../src-shared/types/job.js';

/** A job as stored; live figures (rate, ETA, current file) exist only while it runs. */
export type JobRow = Readonly<{ id: number }> &
  Pick<JobProgress, 'kind' | 'state' | 'phase' | 'done' | 'total' | 'problems' | 'startedAt' | 'finishedAt' | 'error'>;

/** A paused job is stored as interrupted with `paused_at` set (migration 0070): it reads as `paused`. */
const SELECT_JOB = `SELECT id, kind,
  CASE WHEN state = 'interrupted' AND paused_at IS NOT NULL THEN 'paused' ELSE state END AS state,
  phase, done, total, problems, started_at AS startedAt, finished_at AS finishedAt, error FROM jobs`;

export function createJob(db: Db, kind: JobKind, startedAt: string): number {
  return (
    stmt(db, `INSERT INTO jobs (kind, state, started_at) VALUES (?, 'running', ?) RETURNING id`).get(
      kind,
      startedAt,
    ) as { id: number }
  ).id;
}

export function getJob(db: Db, id: number): JobRow | undefined {
  return stmt(db, `${SELECT_JOB} WHERE id = ?`).get(id) as JobRow | undefined;
}

/** Recent jobs; `activeOnly` keeps the unfinished ones: running, interrupted and paused. */
export function listJobs(db: Db, activeOnly: boolean, limit = 50): JobRow[] {
  const where = activeOnly ? `WHERE state IN ('running', 'interrupted')` : '';
  return stmt(db, `${SELECT_JOB} ${where} ORDER BY id DESC LIMIT ?`).all(limit) as JobRow[];
}

/** The unfinished job of a kind (paused ones too): the one a new start of that kind must resume, not duplicate. */
export function findUnfinishedJob(db: Db, kind: JobKind): JobRow | undefined {
  return stmt(db, `${SELECT_JOB} WHERE kind = ? AND state IN ('running', 'interrupted') ORDER BY id LIMIT 1`).get(
    kind,
  ) as JobRow | undefined;
}

/** Called by the holder of the library's job lock: any job still marked running belongs to a dead process. */
export function markRunningInterrupted(db: Db): number {
  return stmt(db, `UPDATE jobs SET state = 'interrupted' WHERE state = 'running'`).run().changes;
}

export function setJobRunning(db: Db, id: number): void {
  stmt(db, `UPDATE jobs SET state = 'running', error = NULL, paused_at = NULL WHERE id = ?`).run(id);
}

export function updateJobProgress(
  db: Db,
  id: number,
  p: Readonly<{ phase: JobPhase; done: number; total: number; problems: number }>,
): void {
  stmt(db, 'UPDATE jobs SET phase = ?, done = ?, total = ?, problems = ? WHERE id = ?').run(
    p.phase,
    p.done,
    p.total,
    p.problems,
    id,
  );
}

export function finishJob(
  db: Db,
  id: number,
  state: Exclude<JobState, 'running' | 'interrupted' | 'paused'>,
  at: string,
  error: string | null,
): void {
  stmt(db, 'UPDATE jobs SET state = ?, finished_at = ?, error = ?, phase = NULL, paused_at = NULL WHERE id = ?').run(
    state,
    at,
    error,
    id,
  );
}

export type JobRootRow = Readonly<{ rootId: number; discovered: number; pathRaw: Buffer; path: string }>;

export function addJobRoots(db: Db, jobId: number, rootIds: readonly number[]): void {
  const insert = stmt(db, 'INSERT OR IGNORE INTO job_roots (job_id, root_id) VALUES (?, ?)');
  for (const rootId of rootIds) insert.run(jobId, rootId);
}

export function listJobRoots(db: Db, jobId: number): JobRootRow[] {
  return stmt(
    db,
    `SELECT j.root_id AS rootId, j.discovered, r.path_raw AS pathRaw, r.path FROM job_roots j
     JOIN roots r ON r.id = j.root_id WHERE j.job_id = ? ORDER BY r.path`,
  ).all(jobId) as JobRootRow[];
}

/** discovered: 0 not walked yet, 1 walked completely, 2 unavailable (its photos must not be treated as deleted). */
export function setRootDiscovered(db: Db, jobId: number, rootId: number, discovered: 1 | 2): void {
  stmt(db, 'UPDATE job_roots SET discovered = ? WHERE job_id = ? AND root_id = ?').run(discovered, jobId, rootId);
}

export function addJobIssue(db: Db, jobId: number, issue: JobIssue): void {
  stmt(db, 'INSERT INTO job_issues (job_id, path, code, message) VALUES (?, ?, ?, ?)').run(
    jobId,
    issue.path,
    issue.code,
    issue.message,
  );
}

export function listJobIssues(db: Db, jobId: number, limit = 1000): JobIssue[] {
  return stmt(db, 'SELECT path, code, message FROM job_issues WHERE job_id = ? ORDER BY id LIMIT ?').all(
    jobId,
    limit,
  ) as JobIssue[];
}

export function markJobInterrupted(db: Db, id: number): void {
  stmt(db, `UPDATE jobs SET state = 'interrupted', paused_at = NULL WHERE id = ?`).run(id);
}

/** Stopped at a safe point by the user: resumable like an interrupted job, but only when asked to. */
export function markJobPaused(db: Db, id: number, at: string): void {
  stmt(db, `UPDATE jobs SET state = 'interrupted', paused_at = ? WHERE id = ?`).run(at, id);
}
