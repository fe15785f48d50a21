import { describe, expect, it } from 'vitest';
import type { PersonId } from '../../../src-shared/types/ids.js';
import { defaultConfig } from '../config.js';
import { openMemoryDatabase, type Db } from '../db/database.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import { assignFace, createPerson, renamePerson, unassignFace } from '../db/repos/peopleRepo.js';
import { upsertPhoto } from '../db/repos/photosRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import { faceWrite, photoWrite } from '../db/testing.js';
import { createPeopleService, type PeopleServiceDeps } from './peopleService.js';
import { createPhotosService } from './photosService.js';

/** A dependency these tests never reach: touching it fails the test (a fake, named as such). */
function fakeUnused<T>(name: string): T {
  return new Proxy(
    {},
    {
      get: () => {
        throw new Error(`${name} is not used by this test`);
      },
    },
  ) as T;
}

/** The service over a database, with only what paging a person's photos and faces needs. */
function peopleServiceOver(db: Db) {
  const config = defaultConfig('/library');
  return createPeopleService({
    db,
    config,
    photos: createPhotosService(db, config),
    runner: fakeUnused('runner'),
    pool: fakeUnused('pool'),
    faces: fakeUnused('faces'),
    emitProgress: fakeUnused('emitProgress'),
    emitChanged: fakeUnused('emitChanged'),
    afterCluster: fakeUnused('afterCluster'),
  } satisfies PeopleServiceDeps);
}

describe('people service: the People view page by page', () => {
  it('cuts every page from one order, and a write between pages is seen on the next', () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
    const photos = [1, 2, 3, 4].map((n) => upsertPhoto(db, photoWrite(root, `/r/${n}.jpg`), 'now'));
    // Person n is in the first n photos: most photos first is the order n = 4, 3, 2, 1.
    const everyone = [1, 2, 3, 4].map((n) => createPerson(db, `P${n}`, 'now') as PersonId);
    const facesOf = new Map<PersonId, number[]>(everyone.map((person) => [person, []]));
    photos.forEach((photo, i) => {
      const inPhoto = everyone.slice(i);
      const faceIds = replacePhotoFaces(
        db,
        photo,
        inPhoto.map(() => faceWrite()),
        'v',
      );
      inPhoto.forEach((person, k) => {
        assignFace(db, faceIds[k]!, person, 'user');
        facesOf.get(person)!.push(faceIds[k]!);
      });
    });
    const service = peopleServiceOver(db);
    const names = (offset: number) =>
      service.list({ minPhotos: 1, visibility: 'all', offset, limit: 2 }).items.map((p) => p.name);

    expect([...names(0), ...names(2)]).toEqual(['P4', 'P3', 'P2', 'P1']);
    expect(service.list({ minPhotos: 2, visibility: 'all', offset: 0, limit: 9 }).total).toBe(3);
    renamePerson(db, everyone[1]!, 'Renamed', 'now');
    expect(names(2)).toEqual(['Renamed', 'P1']);
    // P4's faces move to P1, who then leads with four photos; P4 has none left.
    for (const face of facesOf.get(everyone[3]!)!) assignFace(db, face, everyone[0]!, 'user');
    expect(names(0)).toEqual(['P1', 'P3']);
    expect(service.list({ minPhotos: 1, visibility: 'all', offset: 0, limit: 9 }).total).toBe(3);
  });
});

describe('people service: a person’s photos page by page', () => {
  it('pages through one order, and a write between pages is seen on the next', () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
    const person = createPerson(db, 'Eve', 'now') as PersonId;
    const addPhoto = (n: number) => {
      const id = upsertPhoto(db, photoWrite(root, `/r/${n}.jpg`, { takenAt: `20${10 + n}-01-01T00:00:00` }), 'now');
      const [faceId] = replacePhotoFaces(db, id, [faceWrite()], 'v');
      assignFace(db, faceId!, person, 'user');
      return { id, faceId: faceId! };
    };
    const added = [1, 2, 3, 4, 5].map(addPhoto);
    const service = peopleServiceOver(db);
    const ids = (offset: number, limit: number) => service.photos(person, { offset, limit }).items.map((p) => p.id);

    expect(service.photos(person, { offset: 0, limit: 2 }).total).toBe(5);
    expect([...ids(0, 2), ...ids(2, 2), ...ids(4, 2)]).toEqual(added.map((p) => p.id).reverse());
    // A newer photo, then one taken out of the person: each shows on the very next page asked for.
    const newest = addPhoto(9);
    expect(ids(0, 1)).toEqual([newest.id]);
    unassignFace(db, added[4]!.faceId);
    expect(service.photos(person, { offset: 0, limit: 10 }).total).toBe(5);
    expect(ids(0, 2)).toEqual([newest.id, added[3]!.id]);
  });

  it('refuses the pages of a person who does not exist, and pages one whose faces all went', () => {
    const db = openMemoryDatabase();
    const service = peopleServiceOver(db);
    const missing = 404 as PersonId;
    expect(() => service.photos(missing, {})).toThrow(expect.objectContaining({ code: 'not-found' }));
    expect(() => service.faces(missing, {})).toThrow(expect.objectContaining({ code: 'not-found' }));
    const empty = createPerson(db, 'Nobody yet', 'now') as PersonId;
    expect(service.photos(empty, {})).toMatchObject({ items: [], total: 0 });
    expect(service.faces(empty, {})).toMatchObject({ items: [], total: 0 });
  });
});
