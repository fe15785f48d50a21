/*
 * core/db: the only place that holds SQL or imports better-sqlite3. Repositories are synchronous functions over a Db
 * handle; everything above them sees plain objects.
 */
import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { runMigrations } from './migrations/index.js';

export type Db = Database.Database;

export type OpenOptions = Readonly<{ readonly?: boolean }>;

/** The library database's file name in its library folder. */
export const DATABASE_FILE = 'library.db';

/** Opens (creating if needed) a library database with sqlite-vec loaded and all migrations applied. */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false });
  try {
    configure(db, options.readonly ?? false);
    if (!options.readonly) runMigrations(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** An in-memory database with the full schema, for tests. */
export function openMemoryDatabase(): Db {
  const db = new Database(':memory:');
  configure(db, false);
  runMigrations(db);
  return db;
}

function configure(db: Db, readonly: boolean): void {
  sqliteVec.load(db);
  if (!readonly) db.pragma('journal_mode = WAL');
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
}

export function sqliteVecVersion(db: Db): string {
  return (db.prepare('SELECT vec_version() AS v').get() as { v: string }).v;
}

/**
 * Changes whenever the library does: data_version moves when another connection commits, total_changes when this
 * one writes. Equal versions mean nothing was written in between, so a result computed from the data still holds.
 */
export function writeVersion(db: Db): string {
  const other = db.pragma('data_version', { simple: true }) as number;
  const own = (stmt(db, 'SELECT total_changes() AS n').get() as { n: number }).n;
  return `${other}:${own}`;
}

/**
 * `compute`, remembering its last result while the library is unchanged (writeVersion) and it is asked for the same
 * key: for lists a view pages through, one at a time, where computing the whole order costs far more than a page.
 */
export function lastWhileUnchanged<K, V>(db: Db, compute: (key: K) => V, keyOf: (key: K) => string): (key: K) => V {
  let last: { key: string; version: string; value: V } | null = null;
  return (key) => {
    const id = keyOf(key);
    const version = writeVersion(db);
    if (last?.key !== id || last.version !== version) last = { key: id, version, value: compute(key) };
    return last.value;
  };
}

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/** Prepared statements are cached per connection: preparing costs more than running most of ours. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) {
    cache = new Map();
    statementCache.set(db, cache);
  }
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}
