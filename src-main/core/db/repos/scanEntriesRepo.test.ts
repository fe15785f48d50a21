import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import { createJob, addJobRoots } from './jobsRepo.js';
import { insertRoot } from './rootsRepo.js';
import { upsertPhoto, listPhotos } from './photosRepo.js';
import { photoWrite } from '../testing.js';
import {
  insertScanEntries,
  keepUnlistedPath,
  removeUnseen,
  settleUnchangedEntries,
  countScanEntries,
} from './scanEntriesRepo.js';

const raw = (path: string) => Buffer.from(path);

function setup() {
  const db = openMemoryDatabase();
  const rootId = insertRoot(db, { path: '/r', pathRaw: raw('/r'), addedAt: 'now' });
  for (const p of ['/r/seen.jpg', '/r/gone.jpg', '/r/locked/inside.jpg', '/r/locked-sibling.jpg', '/r/entry.jpg']) {
    upsertPhoto(db, photoWrite(rootId, p), 'then');
  }
  const jobId = createJob(db, 'scan', 'now');
  addJobRoots(db, jobId, [rootId]);
  insertScanEntries(db, jobId, [{ pathRaw: raw('/r/seen.jpg'), rootId, size: 10, mtimeMs: 5 }]);
  return { db, rootId, jobId };
}

const remaining = (db: ReturnType<typeof openMemoryDatabase>) =>
  listPhotos(db, { sort: 'path' }, 100).rows.map((r) => r.path);

describe('scan entries', () => {
  it('removes what the walk did not see', () => {
    const { db, rootId, jobId } = setup();
    expect(removeUnseen(db, jobId, rootId)).toBe(4);
    expect(remaining(db)).toEqual(['/r/seen.jpg']);
  });

  it('keeps what lies at or below a path the walk could not list, and only that', () => {
    const { db, rootId, jobId } = setup();
    keepUnlistedPath(db, jobId, raw('/r/locked'), '/');
    keepUnlistedPath(db, jobId, raw('/r/entry.jpg'), '/');
    expect(removeUnseen(db, jobId, rootId)).toBe(2);
    expect(remaining(db)).toEqual(['/r/entry.jpg', '/r/locked/inside.jpg', '/r/seen.jpg']);
  });

  it('settles unchanged files in SQL, and not changed ones', () => {
    const { db, rootId, jobId } = setup();
    insertScanEntries(db, jobId, [
      { pathRaw: raw('/r/gone.jpg'), rootId, size: 11, mtimeMs: 5 },
      { pathRaw: raw('/r/new.jpg'), rootId, size: 10, mtimeMs: 5 },
    ]);
    expect(settleUnchangedEntries(db, jobId, 1)).toBe(1);
    expect(countScanEntries(db, jobId)).toEqual({ total: 3, done: 1 });
    expect(settleUnchangedEntries(db, jobId, 2)).toBe(0);
  });
});
