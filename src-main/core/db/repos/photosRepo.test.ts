import { describe, expect, it } from 'vitest';
import type { ImageFormat, PhotoQuery, PhotoStatus } from '../../../../src-shared/types/photo.js';
import { openMemoryDatabase } from '../database.js';
import { photoWrite } from '../testing.js';
import { insertRoot } from './rootsRepo.js';
import { listPhotos, upsertPhoto, walksTakenOrder } from './photosRepo.js';

describe('walksTakenOrder', () => {
  it("walks the order's index when most photos match, and sorts the matches when few do", () => {
    // The library grid: nearly every photo of 100,000 is ok or damaged, to its last page.
    expect(walksTakenOrder(100_000, 99_990, 240)).toBe(true);
    expect(walksTakenOrder(100_000, 99_990, 99_990)).toBe(true);
    // A problems list: 40 unreadable photos of 100,000.
    expect(walksTakenOrder(100_000, 40, 40)).toBe(false);
    // Nothing matches: a walk would pass every photo to find none.
    expect(walksTakenOrder(100_000, 0, 0)).toBe(false);
  });
});

describe('listPhotos', () => {
  const STATUSES: readonly PhotoStatus[] = ['ok', 'ok', 'ok', 'damaged', 'ok', 'ok', 'unsupported', 'ok'];
  const FORMATS: readonly ImageFormat[] = ['jpeg', 'png', 'heif'];

  /** 600 photos in two folders, mixed statuses and formats, a few in error, some undated, some sharing a date. */
  function library() {
    const db = openMemoryDatabase();
    const roots = ['/a', '/b'].map((path) => insertRoot(db, { path, pathRaw: Buffer.from(path), addedAt: 'now' }));
    for (let i = 0; i < 600; i++) {
      const day = (i * 37) % 90;
      upsertPhoto(
        db,
        photoWrite(roots[i % 2]!, `/${i % 2 ? 'b' : 'a'}/${i}.jpg`, {
          status: i % 97 === 0 ? 'error' : STATUSES[i % STATUSES.length]!,
          format: FORMATS[i % FORMATS.length]!,
          takenAt: i % 11 === 0 ? null : `2020-01-${String(1 + (day % 28)).padStart(2, '0')}T00:00:00`,
        }),
        'now',
      );
    }
    return { db, roots };
  }

  // Most photos match the first filters (a walk); seven are in error (a sort: see walksTakenOrder).
  it('pages a filtered list in the same order as the whole list, filtered, whether few or most photos match', () => {
    const { db, roots } = library();
    const everything = listPhotos(db, { limit: 1000 }, 1000).rows;
    const filters: readonly PhotoQuery[] = [
      { status: ['ok', 'damaged'] },
      { status: ['error'] },
      { status: ['unsupported', 'error'], rootId: roots[1]! },
      { rootId: roots[0]! },
      { format: ['png'], status: ['ok'] },
    ];
    for (const filter of filters) {
      const expected = everything
        .filter((row) => !filter.status || filter.status.includes(row.status))
        .filter((row) => !filter.format || filter.format.includes(row.format as ImageFormat))
        .filter((row) => filter.rootId === undefined || row.rootId === filter.rootId)
        .map((row) => row.id);
      const paged: number[] = [];
      for (let offset = 0; offset < expected.length + 50; offset += 50) {
        const page = listPhotos(db, { ...filter, offset, limit: 50 }, 50);
        expect(page.total).toBe(expected.length);
        paged.push(...page.rows.map((row) => row.id));
      }
      expect(paged).toEqual(expected);
    }
  });
});
