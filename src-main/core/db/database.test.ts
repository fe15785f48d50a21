import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../testing/fixtures.js';
import { openDatabase, openMemoryDatabase, sqliteVecVersion, stmt, writeVersion } from './database.js';
import { LATEST_VERSION, MIGRATIONS, assertMonotonic } from './migrations/index.js';

let dir: string;
beforeEach(async () => {
  dir = await tempDir('db');
});
afterEach(async () => {
  await removeDir(dir);
});

describe('library database', () => {
  it('migrates a new file to the latest version in WAL mode with foreign keys on', () => {
    const db = openDatabase(join(dir, 'library.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
    const again = openDatabase(join(dir, 'library.db'));
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    again.close();
  });

  it('refuses a library written by a newer Facets and leaves it untouched', () => {
    const file = join(dir, 'newer.db');
    const raw = new Database(file);
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer Facets/);
    const check = new Database(file);
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 10);
    check.close();
  });

  it('moves its write version on every write, by this connection or another, and only then', () => {
    const file = join(dir, 'library.db');
    const db = openDatabase(file);
    const start = writeVersion(db);
    db.prepare('SELECT COUNT(*) FROM photos').get();
    expect(writeVersion(db)).toBe(start);
    db.prepare("INSERT INTO settings (key, value) VALUES ('x', '1')").run();
    const afterOwn = writeVersion(db);
    expect(afterOwn).not.toBe(start);
    const other = openDatabase(file);
    other.prepare("UPDATE settings SET value = '2' WHERE key = 'x'").run();
    other.close();
    expect(writeVersion(db)).not.toBe(afterOwn);
    db.close();
  });

  it('keeps migrations in increasing order', () => {
    expect(() => assertMonotonic(MIGRATIONS)).not.toThrow();
    expect(() => assertMonotonic([MIGRATIONS[0]!, MIGRATIONS[0]!])).toThrow(/not after/);
  });

  it('loads sqlite-vec, so vector tables keyed by photo ids work', () => {
    const db = openMemoryDatabase();
    expect(sqliteVecVersion(db)).toMatch(/^v0\./);
    db.exec('CREATE VIRTUAL TABLE probe USING vec0(photo_id INTEGER PRIMARY KEY, v float[4])');
    const insert = db.prepare('INSERT INTO probe (photo_id, v) VALUES (?, ?)');
    insert.run(1n, new Float32Array([1, 0, 0, 0]));
    insert.run(2n, new Float32Array([0, 1, 0, 0]));
    const nearest = db
      .prepare('SELECT photo_id AS id FROM probe WHERE v MATCH ? AND k = 1')
      .get(new Float32Array([0.9, 0.1, 0, 0]));
    expect(nearest).toEqual({ id: 1 });
  });

  it('answers the scanner hot queries from indexes', () => {
    const db = openMemoryDatabase();
    const plan = (sql: string) =>
      (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
    expect(plan("SELECT id FROM photos WHERE path_raw = x'00'")).toMatch(/USING (COVERING )?INDEX/);
    expect(plan("SELECT id FROM photos WHERE content_hash = x'00'")).toMatch(/photos_by_hash/);
    expect(
      plan('SELECT rowid FROM scan_entries WHERE job_id = 1 AND pending = 1 AND rowid > 0 ORDER BY rowid'),
    ).toMatch(/scan_entries_pending/);
    const newestFirst = plan(
      'SELECT p.id FROM photos p ORDER BY p.taken_at IS NULL, p.taken_at DESC, p.id DESC LIMIT 10',
    );
    expect(newestFirst).toMatch(/photos_by_taken/);
    expect(newestFirst).not.toMatch(/TEMP B-TREE/);
    expect(stmt(db, 'SELECT 1 AS one').get()).toEqual({ one: 1 });
  });
});
