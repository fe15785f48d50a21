import type { Migration } from './migration.js';

/*
 * Photos keep their id for life: a moved or renamed file is matched by content hash and its row updated, so faces,
 * names and tags added by later migrations (all keyed by photo id) survive. Paths are stored as raw bytes because a
 * file name need not be valid UTF-8; `path` is only the display form. Thumbnails live in their own table so photo rows
 * stay small for list queries. Vectors (faces, scenes, CLIP) will live in sqlite-vec tables keyed by these ids, and
 * `photo_jobs` records which model version processed each photo so a model upgrade re-runs exactly what it must.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE roots (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        path_raw BLOB NOT NULL UNIQUE,
        added_at TEXT NOT NULL,
        last_scan_at TEXT
      );

      CREATE TABLE photos (
        id INTEGER PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        path_raw BLOB NOT NULL UNIQUE,
        path TEXT NOT NULL,
        name TEXT NOT NULL,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        content_hash BLOB,
        format TEXT,
        width INTEGER,
        height INTEGER,
        orientation INTEGER,
        taken_at TEXT,
        taken_at_offset TEXT,
        camera_make TEXT,
        camera_model TEXT,
        gps_lat REAL,
        gps_lon REAL,
        gps_alt REAL,
        status TEXT NOT NULL CHECK (status IN ('ok', 'damaged', 'unsupported', 'error')),
        problem_code TEXT,
        problem_message TEXT,
        scan_version INTEGER NOT NULL,
        first_seen_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX photos_by_hash ON photos(content_hash);
      CREATE INDEX photos_by_root ON photos(root_id);
      -- Serves the default "newest first, undated last" order by a backward scan, with no sort step.
      CREATE INDEX photos_by_taken ON photos((taken_at IS NULL) DESC, taken_at, id);
      CREATE INDEX photos_by_status ON photos(status);

      CREATE TABLE thumbnails (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        mime TEXT NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        bytes BLOB NOT NULL
      );

      -- Files seen under a root that are not images, remembered so a rescan does not open them again.
      CREATE TABLE ignored_files (
        path_raw BLOB PRIMARY KEY,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL
      );
      CREATE INDEX ignored_files_by_root ON ignored_files(root_id);

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('running', 'interrupted', 'cancelled', 'done', 'failed')),
        phase TEXT,
        done INTEGER NOT NULL DEFAULT 0,
        total INTEGER NOT NULL DEFAULT 0,
        problems INTEGER NOT NULL DEFAULT 0,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT
      );
      CREATE INDEX jobs_by_state ON jobs(state, kind);

      CREATE TABLE job_roots (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        discovered INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (job_id, root_id)
      ) WITHOUT ROWID;

      -- The work list of a scan, written while walking: a killed process resumes from the rows still pending.
      CREATE TABLE scan_entries (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        path_raw BLOB NOT NULL,
        root_id INTEGER NOT NULL REFERENCES roots(id) ON DELETE CASCADE,
        size INTEGER NOT NULL,
        mtime_ms REAL NOT NULL,
        pending INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (job_id, path_raw)
      );
      CREATE INDEX scan_entries_pending ON scan_entries(job_id, pending);

      -- Paths a scan's walk could not list (unreadable folders or entries): photos at or below them are not deleted.
      CREATE TABLE scan_kept (
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        path_raw BLOB NOT NULL,
        prefix BLOB NOT NULL,
        PRIMARY KEY (job_id, path_raw)
      ) WITHOUT ROWID;

      CREATE TABLE job_issues (
        id INTEGER PRIMARY KEY,
        job_id INTEGER NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
        path TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX job_issues_by_job ON job_issues(job_id);

      CREATE TABLE photo_jobs (
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        job TEXT NOT NULL,
        version TEXT NOT NULL,
        done_at TEXT,
        error TEXT,
        PRIMARY KEY (photo_id, job)
      ) WITHOUT ROWID;
    `);
  },
};
