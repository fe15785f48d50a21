import type { Migration } from './migration.js';

/*
 * Faces found in photos. Boxes and landmarks are stored relative to the photo as displayed (EXIF orientation
 * applied), in [0, 1], so they survive any thumbnail or preview size. Descriptors live in a sqlite-vec table keyed by
 * face id (Euclidean distance, as dlib's descriptor is meant to be compared); a trigger keeps it in step with `faces`,
 * which photo deletion cascades into.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'faces',
  up(db) {
    db.exec(`
      CREATE TABLE faces (
        id INTEGER PRIMARY KEY,
        photo_id INTEGER NOT NULL REFERENCES photos(id) ON DELETE CASCADE,
        x REAL NOT NULL,
        y REAL NOT NULL,
        width REAL NOT NULL,
        height REAL NOT NULL,
        score REAL NOT NULL,
        landmarks BLOB NOT NULL,
        quality REAL NOT NULL,
        size_px REAL NOT NULL,
        sharpness REAL NOT NULL,
        yaw REAL NOT NULL,
        roll REAL NOT NULL,
        thumbnail BLOB,
        model_version TEXT NOT NULL
      );
      CREATE INDEX faces_by_photo ON faces(photo_id);

      CREATE VIRTUAL TABLE face_embeddings USING vec0(face_id INTEGER PRIMARY KEY, embedding float[128]);

      CREATE TRIGGER faces_drop_embedding AFTER DELETE ON faces BEGIN
        DELETE FROM face_embeddings WHERE face_id = OLD.id;
      END;

      CREATE INDEX photo_jobs_by_job ON photo_jobs(job, version);
    `);
  },
};
