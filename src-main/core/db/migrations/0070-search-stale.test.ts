import Database from 'better-sqlite3';
import * as sqliteVec from 'sqlite-vec';
import { describe, expect, it } from 'vitest';
import { upsertPhoto } from '../repos/photosRepo.js';
import { insertRoot } from '../repos/rootsRepo.js';
import { staleSearchPhotos, writeSearchDoc } from '../repos/searchRepo.js';
import { photoWrite } from '../testing.js';
import { runMigrations } from './index.js';

describe('migration 70 (search-stale)', () => {
  it('lists the photos of an older library that have no search document, and only those', () => {
    const db = new Database(':memory:');
    sqliteVec.load(db);
    runMigrations(db, 60);
    const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
    const documented = upsertPhoto(db, photoWrite(root, '/pics/a.jpg'), 'now');
    writeSearchDoc(db, documented, { ocr: '', people: '', scenes: '', folders: 'pics', dates: '' }, '');
    const bare = upsertPhoto(db, photoWrite(root, '/pics/b.jpg'), 'now');
    runMigrations(db);
    expect(staleSearchPhotos(db, 10)).toEqual([bare]);
    db.close();
  });
});
