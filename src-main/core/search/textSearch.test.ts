import { afterAll, describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../db/database.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import { assignFace, createPerson, renamePerson } from '../db/repos/peopleRepo.js';
import { upsertPhoto } from '../db/repos/photosRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import { faceWrite, photoWrite } from '../db/testing.js';
import { dateWords, folderWords } from './searchDoc.js';
import {
  indexPhotoSceneNames,
  indexPhotoTags,
  indexPhotoText,
  refreshStaleSearchDocs,
  refreshPersonDocs,
} from './searchIndex.js';
import { createTextSearch } from './textSearch.js';
import { loadWordNet } from './wordnet.js';

const wordnet = loadWordNet();
afterAll(() => wordnet.close());

function library() {
  const db = openMemoryDatabase();
  const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
  const photo = (path: string, takenAt: string | null = null) =>
    upsertPhoto(db, photoWrite(root, path, { takenAt }), 'now');
  const dog = photo('/pics/home/dog.jpg');
  const cat = photo('/pics/home/cat.jpg');
  const street = photo('/pics/Italy 2019/Rome/street.jpg', '2019-06-14T10:00:00');
  const party = photo('/pics/party.jpg', '2021-12-24T20:00:00');
  indexPhotoTags(db, dog, [
    { label: 'dog', confidence: 0.83, area: 0.3 },
    { label: 'couch', confidence: 0.6, area: 0.4 },
  ]);
  indexPhotoTags(db, cat, [{ label: 'cat', confidence: 0.9, area: 0.2 }]);
  indexPhotoTags(db, street, [
    { label: 'car', confidence: 0.7, area: 0.1 },
    { label: 'person', confidence: 0.8, area: 0.05 },
  ]);
  indexPhotoTags(db, party, [{ label: 'person', confidence: 0.9, area: 0.2 }]);
  refreshStaleSearchDocs(db);
  indexPhotoText(db, street, ['WELCOMETO', 'TRATTORIA']);
  const ann = createPerson(db, 'Ann Lee', 'now');
  const [face] = replacePhotoFaces(db, party, [faceWrite()], 'v');
  assignFace(db, face!, ann, 'user');
  refreshPersonDocs(db, ann);
  indexPhotoSceneNames(db, dog, ['Living room']);
  return { db, dog, cat, street, party, ann, search: createTextSearch(db, wordnet) };
}

describe('offline text search', () => {
  const lib = library();
  const ids = (text: string) => lib.search.search({ text }).hits.map((h) => h.photoId);

  it('finds tagged photos through WordNet and explains the match', () => {
    const puppy = lib.search.search({ text: 'puppy on a sofa' });
    expect(puppy.engine).toBe('offline');
    expect(puppy.hits[0]!.photoId).toBe(lib.dog);
    expect(puppy.hits[0]!.reasons).toEqual([
      expect.objectContaining({ kind: 'tag', query: 'puppy', label: 'dog', confidence: 0.83, via: 'hypernym' }),
      expect.objectContaining({ kind: 'tag', query: 'sofa', label: 'couch', via: 'synonym' }),
    ]);
    expect(ids('kitten')).toEqual([lib.cat]);
    expect(ids('automobile')).toEqual([lib.street]);
    expect(ids('animal')).toEqual(expect.arrayContaining([lib.dog, lib.cat]));
  });

  it('finds OCR words (also inside de-spaced text), people, scenes, folders and dates', () => {
    expect(ids('trattoria')).toEqual([lib.street]);
    expect(lib.search.search({ text: 'welcome' }).hits[0]).toMatchObject({
      photoId: lib.street,
      reasons: [{ kind: 'text', field: 'despaced', term: 'welcome' }],
    });
    expect(ids('Ann')).toEqual([lib.party]);
    expect(ids('living room')[0]).toBe(lib.dog);
    expect(ids('rome')).toEqual([lib.street]);
    expect(ids('june 2019')).toEqual([lib.street]);
    expect(ids('december')).toEqual([lib.party]);
  });

  it('follows a renamed person once their documents are refreshed', () => {
    renamePerson(lib.db, lib.ann, 'Zoe', 'now');
    expect(ids('zoe')).toEqual([]);
    refreshPersonDocs(lib.db, lib.ann);
    expect(ids('zoe')).toEqual([lib.party]);
    expect(ids('ann')).toEqual([]);
  });

  it('finds nothing for nothing, and refuses bad paging or an over-long query', () => {
    expect(lib.search.search({ text: 'the of and' })).toEqual({
      engine: 'offline',
      plan: expect.objectContaining({ query: 'the of and', concepts: [] }),
      total: 0,
      hits: [],
    });
    expect(ids('')).toEqual([]);
    expect(() => lib.search.search({ text: 'dog', limit: 0 })).toThrow(RangeError);
    expect(() => lib.search.search({ text: 'dog', offset: -1 })).toThrow(RangeError);
    expect(() => lib.search.search({ text: 'x'.repeat(501) })).toThrow(/at most 500/);
    expect(() => lib.search.search({ text: 'dog', clip: { scores: new Map(), weight: 2 } })).toThrow(/CLIP weight/);
  });

  it('follows re-tagged photos, new labels included, through its caches', () => {
    lib.search.warm();
    expect(ids('cat')[0]).toBe(lib.cat); // then people: "cat" is also a guy in WordNet, weighed far below
    indexPhotoTags(lib.db, lib.cat, [{ label: 'teddy bear', confidence: 0.5, area: 0.1 }]);
    expect(ids('teddy bears')).toEqual([lib.cat]);
    expect(ids('cat')).not.toContain(lib.cat);
    indexPhotoTags(lib.db, lib.party, [{ label: 'cat', confidence: 0.7, area: 0.1 }]);
    expect(ids('cat')[0]).toBe(lib.party);
  });
});

describe('search documents', () => {
  it('turns capture dates and folders into words', () => {
    expect(dateWords('2019-06-14T10:00:00')).toBe('2019 june 2019-06-14');
    expect(dateWords(null)).toBe('');
    expect(dateWords('garbage')).toBe('');
    expect(folderWords('/pics/Italy 2019/Rome/a.jpg', '/pics')).toBe('pics\nItaly 2019\nRome');
    expect(folderWords('C:\\Photos\\Trip\\a.jpg', 'C:\\Photos')).toBe('Photos\nTrip');
  });
});
