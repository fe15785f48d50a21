import type { Migration } from './migration.js';

/** The library's settings the user changed, by key, as JSON; a key not here has its default (core/services). */
export const migration0090: Migration = {
  version: 90,
  name: 'settings',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) WITHOUT ROWID;
    `);
  },
};
