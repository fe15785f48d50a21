import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import { faceWrite, photoWrite } from '../testing.js';
import { replacePhotoFaces } from './facesRepo.js';
import { assignFace, createPerson } from './peopleRepo.js';
import { deletePhotoAtPath, upsertPhoto } from './photosRepo.js';
import { insertRoot } from './rootsRepo.js';
import * as search from './searchRepo.js';

function library() {
  const db = openMemoryDatabase();
  const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
  const a = upsertPhoto(db, photoWrite(root, '/pics/Italy 2019/Rome/a.jpg', { takenAt: '2019-06-14T10:00:00' }), 'now');
  const b = upsertPhoto(db, photoWrite(root, '/pics/b.jpg'), 'now');
  return { db, a, b };
}

describe('search repository', () => {
  it('merges boxes of one label, counts photos per label and keeps each photo’s tag mass', () => {
    const { db, a, b } = library();
    search.replacePhotoTags(db, a, [
      { label: 'Dog', confidence: 0.6, area: 0.1 },
      { label: 'dog', confidence: 0.8, area: 0.05 },
      { label: 'person', confidence: 0.5, area: 0.3 },
    ]);
    search.replacePhotoTags(db, b, [{ label: 'dog', confidence: 0.4, area: 0.2 }]);
    expect(search.tagPostings(db, 'dog')).toEqual([
      [a, 0.8, 0.1, 1.3],
      [b, 0.4, 0.2, 0.4],
    ]);
    expect(search.tagStats(db)).toEqual([
      { label: 'dog', photos: 2, confidenceSum: expect.closeTo(1.2, 9), version: 2 },
      { label: 'person', photos: 1, confidenceSum: 0.5, version: 1 },
    ]);
    search.replacePhotoTags(db, a, []);
    expect(search.tagStats(db)).toEqual([
      { label: 'dog', photos: 1, confidenceSum: expect.closeTo(0.4, 9), version: 3 },
    ]);
    expect(search.photoCount(db)).toBe(2);
  });

  it('refuses tags out of range and changes nothing', () => {
    const { db, a } = library();
    search.replacePhotoTags(db, a, [{ label: 'cat', confidence: 0.5, area: 0.5 }]);
    expect(() => search.replacePhotoTags(db, a, [{ label: 'dog', confidence: 1.5, area: 0 }])).toThrow(/confidence/);
    expect(() => search.replacePhotoTags(db, a, [{ label: ' ', confidence: 0.5, area: 0 }])).toThrow(/label/);
    expect(() => search.replacePhotoTags(db, a, [{ label: 'dog', confidence: 0.5, area: Number.NaN }])).toThrow(/area/);
    expect(search.tagStats(db).map((s) => s.label)).toEqual(['cat']);
  });

  it('builds documents from OCR text, names, scenes, folders and dates, matched per column and as phrases', () => {
    const { db, a, b } = library();
    const person = createPerson(db, 'Ann Lee', 'now');
    const [faceId] = replacePhotoFaces(db, a, [faceWrite()], 'v');
    assignFace(db, faceId!, person, 'user');
    search.replacePhotoText(db, b, { words: 'WELCOMETO Rome', despaced: 'welcometorome' });
    search.replacePhotoNames(db, a, 'scene', ['Beach house', ' ']);
    expect(search.photoIdsOfPerson(db, person)).toEqual([a]);
    const [sa, sb] = search.docSources(db, [a, b]);
    expect(sa).toMatchObject({ photoId: a, people: 'Ann Lee', scenes: 'Beach house', takenAt: '2019-06-14T10:00:00' });
    expect(sb).toMatchObject({ photoId: b, ocr: 'WELCOMETO Rome', despaced: 'welcometorome', people: null });
    search.writeSearchDoc(
      db,
      a,
      { ocr: '', people: 'Ann Lee', scenes: 'Beach house', folders: 'Italy 2019\nRome', dates: '2019 june' },
      '',
    );
    search.writeSearchDoc(
      db,
      b,
      { ocr: 'WELCOMETO Rome', people: '', scenes: '', folders: '', dates: '' },
      'welcometorome',
    );
    expect(search.docPostings(db, 'people', ['ann', 'lee'])).toEqual([a]);
    expect(search.docPostings(db, 'people', ['lee', 'ann'])).toEqual([]);
    expect(search.docPostings(db, 'folders', ['rome'])).toEqual([a]);
    expect(search.docPostings(db, 'ocr', ['rome'])).toEqual([b]);
    expect(search.docPostings(db, 'dates', ['june'])).toEqual([a]);
    expect(search.docPostings(db, 'scenes', ['beach'])).toEqual([a]);
    expect(search.docPostings(db, 'ocr', ['"or*'])).toEqual([]); // query syntax is quoted away
    expect(search.despacedPostings(db, 'welcome')).toEqual([b]);
    expect(search.despacedPostings(db, 'we')).toEqual([]);
    expect(() => search.docPostings(db, 'nope' as search.DocColumn, ['x'])).toThrow(/unknown search column/);
  });

  it('forgets everything about a deleted photo', () => {
    const { db, a } = library();
    search.replacePhotoTags(db, a, [{ label: 'dog', confidence: 0.9, area: 0.5 }]);
    search.replacePhotoText(db, a, { words: 'HELLO', despaced: 'hello' });
    search.replacePhotoNames(db, a, 'scene', ['Garden']);
    search.writeSearchDoc(db, a, { ocr: 'HELLO', people: '', scenes: 'Garden', folders: '', dates: '' }, 'hello');
    deletePhotoAtPath(db, Buffer.from('/pics/Italy 2019/Rome/a.jpg'));
    expect(search.tagStats(db)).toEqual([]);
    expect(search.docPostings(db, 'ocr', ['hello'])).toEqual([]);
    expect(search.despacedPostings(db, 'hello')).toEqual([]);
    expect(search.docSources(db, [a])).toEqual([]);
  });
});
