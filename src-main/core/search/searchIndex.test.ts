import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../db/database.js';
import { movePhoto, upsertPhoto } from '../db/repos/photosRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import { docPostings, staleSearchPhotos } from '../db/repos/searchRepo.js';
import { photoWrite } from '../db/testing.js';
import { refreshStaleSearchDocs } from './searchIndex.js';

function library() {
  const db = openMemoryDatabase();
  const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
  const write = (path: string, takenAt: string | null = null) => photoWrite(root, path, { takenAt });
  return { db, write, add: (path: string, takenAt?: string) => upsertPhoto(db, write(path, takenAt), 'now') };
}

describe('refreshing search documents after a scan', () => {
  it('writes documents for new photos only, once', () => {
    const { db, add } = library();
    const rome = add('/pics/Rome/street.jpg');
    const paris = add('/pics/Paris/cafe.jpg');
    expect(staleSearchPhotos(db, 10)).toEqual([rome, paris]);
    expect(refreshStaleSearchDocs(db)).toBe(2);
    expect(docPostings(db, 'folders', ['rome'])).toEqual([rome]);
    expect(staleSearchPhotos(db, 10)).toEqual([]);
    expect(refreshStaleSearchDocs(db)).toBe(0);
  });

  it('lists a photo again when it moves or is re-dated, not when a rescan finds it unchanged', () => {
    const { db, write, add } = library();
    const photo = add('/pics/Rome/street.jpg');
    refreshStaleSearchDocs(db);
    add('/pics/Rome/street.jpg');
    expect(staleSearchPhotos(db, 10)).toEqual([]);
    add('/pics/Rome/street.jpg', '2019-06-14T10:00:00');
    expect(staleSearchPhotos(db, 10)).toEqual([photo]);
    refreshStaleSearchDocs(db);
    expect(docPostings(db, 'dates', ['2019'])).toEqual([photo]);

    movePhoto(db, photo, write('/pics/Venice/street.jpg', '2019-06-14T10:00:00'), 'later');
    expect(refreshStaleSearchDocs(db)).toBe(1);
    expect(docPostings(db, 'folders', ['venice'])).toEqual([photo]);
    expect(docPostings(db, 'folders', ['rome'])).toEqual([]);
  });

  it('refreshes in batches past the batch size', () => {
    const { db, add } = library();
    for (let i = 0; i < 1234; i++) add(`/pics/Trip/${i}.jpg`);
    expect(refreshStaleSearchDocs(db)).toBe(1234);
    expect(docPostings(db, 'folders', ['trip'])).toHaveLength(1234);
  });
});
