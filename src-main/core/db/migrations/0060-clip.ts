import type { Migration } from './migration.js';

/** The width CLIP ViT-B/32 and B/16 packs embed to; a pack of another width recreates the table (clipRepo). */
export const DEFAULT_CLIP_DIM = 512;

/*
 * CLIP image vectors of the active pack, one per photo, for semantic text search. Which pack (and version) embedded a
 * photo is its `clip` stage in photo_jobs, so changing packs re-embeds. Vectors are unit length and compared by
 * cosine distance. Derived data: dropping them loses nothing the next clip job cannot rebuild.
 */
export const migration0060: Migration = {
  version: 60,
  name: 'clip',
  up(db) {
    db.exec(`
      CREATE VIRTUAL TABLE clip_embeddings USING vec0(
        photo_id INTEGER PRIMARY KEY,
        embedding float[${DEFAULT_CLIP_DIM}] distance_metric=cosine
      );
      CREATE TRIGGER photos_drop_clip_embedding AFTER DELETE ON photos BEGIN
        DELETE FROM clip_embeddings WHERE photo_id = OLD.id;
      END;
    `);
  },
};
