import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import { photoWrite } from '../testing.js';
import { replacePhotoFaces, type FaceWrite } from './facesRepo.js';
import * as people from './peopleRepo.js';
import { upsertPhoto } from './photosRepo.js';
import { insertRoot } from './rootsRepo.js';

const face = (x: number, quality = 0.5): FaceWrite => ({
  box: { x, y: 0.1, width: 0.1, height: 0.1 },
  score: 0.9,
  landmarks: new Float32Array(136),
  quality: { score: quality, size: 80, sharpness: 0.5, yaw: 0, roll: 0 },
  thumbnail: null,
  descriptor: new Float32Array(128).fill(x),
});

/** Photos 1–4; Ann is in 1, 2, 3; Ben in 2, 3; Cy in 4 (one photo). */
function library() {
  const db = openMemoryDatabase();
  const root = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
  const photos = [1, 2, 3, 4].map((n) =>
    upsertPhoto(db, photoWrite(root, `/r/${n}.jpg`, { width: 9, height: 9 }), 'now'),
  );
  const faces = photos.map((id) => replacePhotoFaces(db, id, [face(0.1, 0.9), face(0.5)], 'v'));
  const ann = people.createPerson(db, 'Ann', 'now');
  const ben = people.createPerson(db, null, 'now');
  const cy = people.createPerson(db, null, 'now');
  for (const i of [0, 1, 2]) people.assignFace(db, faces[i]![0]!, ann, 'user');
  for (const i of [1, 2]) people.assignFace(db, faces[i]![1]!, ben, 'cluster');
  people.assignFace(db, faces[3]![0]!, cy, 'cluster');
  return { db, photos, faces, ann, ben, cy };
}

describe('people repository', () => {
  it('lists people with enough photos, most photos first, with counts and the best face as cover', () => {
    const { db, faces, ann, ben, cy } = library();
    const list = (minPhotos: number) =>
      people.listPeople(db, { minPhotos, visibility: 'visible', offset: 0, limit: 10 });
    expect(list(3).rows.map((p) => p.id)).toEqual([ann]);
    expect(list(1).rows.map((p) => p.id)).toEqual([ann, ben, cy]);
    expect(list(1).rows[0]).toMatchObject({
      faceCount: 3,
      photoCount: 3,
      confirmedFaces: 3,
      coverFaceId: faces[0]![0],
    });
    people.setPersonHidden(db, ben, true, 'now');
    expect(list(1).total).toBe(2);
    expect(people.listPeople(db, { minPhotos: 1, visibility: 'hidden', offset: 0, limit: 10 }).rows[0]?.id).toBe(ben);
    expect(people.listPeople(db, { minPhotos: 1, visibility: 'all', name: 'an', offset: 0, limit: 10 }).total).toBe(1);
  });

  it('pages people with the total of every page, a page past the end and an empty list included', () => {
    const { db, ann, ben, cy } = library();
    const page = (offset: number, limit: number, name?: string) =>
      people.listPeople(db, { minPhotos: 1, visibility: 'visible', name, offset, limit });
    expect(page(0, 2)).toMatchObject({ rows: [{ id: ann }, { id: ben }], total: 3 });
    expect(page(2, 2)).toMatchObject({ rows: [{ id: cy }], total: 3 });
    expect(page(5, 2)).toEqual({ rows: [], total: 3 });
    expect(page(0, 2, 'nobody')).toEqual({ rows: [], total: 0 });
    expect(Object.keys(page(0, 1).rows[0]!).sort()).toEqual(
      ['confirmedFaces', 'coverFaceId', 'faceCount', 'hidden', 'id', 'name', 'photoCount'].sort(),
    );
  });

  it('ranks everyone listPeople lists, in its order, and gives each the cover it gives', () => {
    const { db, faces, ann, ben } = library();
    people.setPersonCover(db, ben, faces[2]![1]!, 'now');
    // A chosen cover that is no longer the person's falls back to their best face.
    people.setPersonCover(db, ann, faces[3]![1]!, 'now');
    for (const filter of [
      { minPhotos: 1, visibility: 'visible' },
      { minPhotos: 2, visibility: 'all' },
      { minPhotos: 1, visibility: 'all', name: 'an' },
    ] as const) {
      const listed = people.listPeople(db, { ...filter, offset: 0, limit: 10 }).rows;
      const ranked = people
        .rankPeople(db, filter)
        .map(({ chosenCover, ...row }) => ({ ...row, coverFaceId: people.coverOf(db, { id: row.id, chosenCover }) }));
      expect(ranked).toEqual(listed);
    }
    expect(people.coverOf(db, { id: ben, chosenCover: faces[2]![1]! })).toBe(faces[2]![1]);
    expect(people.coverOf(db, { id: ann, chosenCover: faces[3]![1]! })).toBe(faces[0]![0]);
  });

  it('finds the photos of some people, and whether two people share a photo', () => {
    const { db, photos, ann, ben, cy } = library();
    expect([...people.photoIdsOfPeople(db, [ben])].sort()).toEqual([photos[1], photos[2]]);
    expect(people.photoIdsOfPeople(db, [ben, cy]).size).toBe(3);
    expect(people.peopleShareAPhoto(db, ann, ben)).toBe(true);
    expect(people.peopleShareAPhoto(db, ann, cy)).toBe(false);
  });

  it('orders a person’s photos newest first, undated last, each photo once', () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
    const taken = ['2020-05-01T10:00:00', null, '2023-01-02T08:00:00', '2021-07-07T12:00:00'];
    const photos = taken.map((takenAt, n) => upsertPhoto(db, photoWrite(root, `/r/${n}.jpg`, { takenAt }), 'now'));
    const dee = people.createPerson(db, 'Dee', 'now');
    // Two faces of Dee in the newest photo (a mirror, say) still list it once.
    for (const id of photos) {
      const faces = replacePhotoFaces(db, id, id === photos[2] ? [face(0.1), face(0.6)] : [face(0.1)], 'v');
      for (const faceId of faces) people.assignFace(db, faceId, dee, 'user');
    }
    expect(Array.from(people.photoOrderOfPerson(db, dee))).toEqual([photos[2], photos[3], photos[0], photos[1]]);
  });

  it('keeps the user’s assignments when clustering replaces its own, and drops unnamed people left empty', () => {
    const { db, faces, ann, ben, cy } = library();
    people.replaceClusterAssignments(db, [[faces[1]![1]!, ben]]);
    expect(people.facesOfPerson(db, ann, 0, 10).total).toBe(3);
    expect(people.facesOfPerson(db, ben, 0, 10).total).toBe(1);
    expect(people.deleteEmptyUnnamedPeople(db)).toBe(1);
    expect(people.getPerson(db, cy)).toBeUndefined();
    expect(people.unassignedFaces(db, 0, 10).total).toBe(4);
  });
});
