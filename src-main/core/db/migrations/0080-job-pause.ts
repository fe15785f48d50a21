import type { Migration } from './migration.js';

/*
 * A job paused by the user: stopped at a safe point like an interrupted one (so every path that resumes an interrupted
 * job resumes it), but marked, so that starting the app does not resume it by itself and the job reads as `paused`.
 * A column rather than a new `state` value: SQLite cannot change the state CHECK without rebuilding `jobs`, and
 * rebuilding it inside the migration transaction (foreign keys on) would cascade-delete its roots, issues and scan
 * entries.
 */
export const migration0080: Migration = {
  version: 80,
  name: 'job-pause',
  up(db) {
    db.exec(`ALTER TABLE jobs ADD COLUMN paused_at TEXT`);
  },
};
