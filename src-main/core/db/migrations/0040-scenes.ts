import type { Migration } from './migration.js';

/** Width of the shipped scene descriptor (gistLab); a descriptor of another width recreates the table (scenesRepo). */
export const SCENE_VECTOR_DIM = 1024;

/*
 * Scenes. Each photo's background descriptor lives in `scene_vectors` (sqlite-vec, Euclidean: the descriptors are
 * unit length), beside `photo_scenes` (how much of the photo was background, which descriptor). `scenes` are clusters
 * of those vectors; `name` is the user's, and survives re-clustering (the repository hands a new cluster the id of
 * the named scene it overlaps most). A photo is in at most one scene (`scene_photos`), `member_rank` 0 nearest the
 * scene's medoid, so a scene's first photos are its representatives. Triggers drop a deleted photo's vector.
 */
export const migration0040: Migration = {
  version: 40,
  name: 'scenes',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE scene_vectors USING vec0(
        photo_id INTEGER PRIMARY KEY,
        embedding float[${SCENE_VECTOR_DIM}]
      );
      CREATE TRIGGER photos_drop_scene_vector AFTER DELETE ON photos BEGIN
        DELETE FROM scene_vectors WHERE photo_id = OLD.id;
      END;

      CREATE TABLE photo_scenes (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        background_share REAL NOT NULL CHECK (background_share >= 0 AND background_share <= 1),
        descriptor TEXT NOT NULL CHECK (length(descriptor) > 0)
      );

      CREATE TABLE scenes (
        id INTEGER PRIMARY KEY,
        name TEXT CHECK (name IS NULL OR length(trim(name)) > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX scenes_by_name ON scenes(name COLLATE NOCASE) WHERE name IS NOT NULL;

      CREATE TABLE scene_photos (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE,
        scene_id INTEGER NOT NULL REFERENCES scenes(id) ON DELETE CASCADE,
        member_rank INTEGER NOT NULL CHECK (member_rank >= 0)
      );
      CREATE INDEX scene_photos_by_scene ON scene_photos(scene_id, member_rank);
    `);
  },
};
