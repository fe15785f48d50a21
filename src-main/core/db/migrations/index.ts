import type Database from 'better-sqlite3';
import { migration0010 } from './0010-initial.js';
import { migration0020 } from './0020-faces.js';
import { migration0030 } from './0030-people.js';
import { migration0040 } from './0040-scenes.js';
import { migration0050 } from './0050-text-index.js';
import { migration0060 } from './0060-clip.js';
import { migration0070 } from './0070-search-stale.js';
import { migration0080 } from './0080-job-pause.js';
import { migration0090 } from './0090-settings.js';
import { migration0100 } from './0100-photo-order-filters.js';
import type { Migration } from './migration.js';

export type { Migration };

/** Registered in order; versions are multiples of 10 so a fix can slot in between. */
export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
  migration0100,
];

export const LATEST_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Applies every migration above `PRAGMA user_version` in one IMMEDIATE transaction together with the version bump, so
 * two processes opening a new library cannot both migrate and a crash leaves the database at a whole version.
 * A database from a newer Facets is refused, never downgraded.
 */
export function runMigrations(db: Database.Database, target = LATEST_VERSION): void {
  assertMonotonic(MIGRATIONS);
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > LATEST_VERSION) {
      throw new Error(
        `this library was written by a newer Facets (schema ${current}, this build knows ${LATEST_VERSION}); update Facets`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current || migration.version > target) continue;
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }
  }).immediate();
}

export function assertMonotonic(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const previous = migrations[i - 1];
    if (previous && m.version <= previous.version) {
      throw new Error(`migration ${m.name} (${m.version}) is not after ${previous.name} (${previous.version})`);
    }
  });
}
