import type { Migration } from './migration.js';

/*
 * People. A face belongs to at most one person (`face_people`); `source` says who decided: 'cluster' assignments are
 * the clustering's and may change on any re-cluster, 'user' ones are the user's (or confirmed by a user action on the
 * person) and are constraints every clustering honours. `face_rejections` records "not this person" (a cannot-link),
 * `faces.not_a_face` the user's verdict that a detection is no face at all. Re-indexing a photo replaces its faces; the
 * repository carries these three over to the new face at the same place, so a model upgrade loses no correction.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'people',
  up(db) {
    db.exec(`
      CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        name TEXT CHECK (name IS NULL OR length(trim(name)) > 0),
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1)),
        cover_face_id INTEGER REFERENCES faces(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX people_by_name ON people(name COLLATE NOCASE) WHERE name IS NOT NULL;

      CREATE TABLE face_people (
        face_id INTEGER PRIMARY KEY REFERENCES faces(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        source TEXT NOT NULL CHECK (source IN ('cluster', 'user'))
      );
      CREATE INDEX face_people_by_person ON face_people(person_id, source);

      CREATE TABLE face_rejections (
        face_id INTEGER NOT NULL REFERENCES faces(id) ON DELETE CASCADE,
        person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
        PRIMARY KEY (face_id, person_id)
      ) WITHOUT ROWID;
      CREATE INDEX face_rejections_by_person ON face_rejections(person_id);

      ALTER TABLE faces ADD COLUMN not_a_face INTEGER NOT NULL DEFAULT 0 CHECK (not_a_face IN (0, 1));
    `);
  },
};
