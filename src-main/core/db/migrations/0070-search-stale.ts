import type { Migration } from './migration.js';

/*
 * Photos whose search document is out of date: a new photo, or one whose folder, file name or capture date changed.
 * Triggers keep the list, so no writer of photos can forget it; a scan then rebuilds those documents only (rebuilding
 * every document after each scan cost seconds per rescan at 100k photos). Photos without a document are listed at
 * once, so a library from before this migration heals on its next scan.
 */
export const migration0070: Migration = {
  version: 70,
  name: 'search-stale',
  up(db) {
    db.exec(`
      CREATE TABLE search_stale (
        photo_id INTEGER PRIMARY KEY REFERENCES photos(id) ON DELETE CASCADE
      );
      CREATE TRIGGER photos_search_new AFTER INSERT ON photos BEGIN
        INSERT OR IGNORE INTO search_stale (photo_id) VALUES (NEW.id);
      END;
      CREATE TRIGGER photos_search_moved AFTER UPDATE OF path, root_id, taken_at ON photos
        WHEN NEW.path IS NOT OLD.path OR NEW.root_id IS NOT OLD.root_id OR NEW.taken_at IS NOT OLD.taken_at
      BEGIN
        INSERT OR IGNORE INTO search_stale (photo_id) VALUES (NEW.id);
      END;
      INSERT INTO search_stale (photo_id) SELECT id FROM photos WHERE id NOT IN (SELECT rowid FROM search_docs);
    `);
  },
};
