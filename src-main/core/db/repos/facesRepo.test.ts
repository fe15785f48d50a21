import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import {
  countFaceEmbeddings,
  countFaces,
  faceDescriptor,
  facesOfPhoto,
  replacePhotoFaces,
  type FaceWrite,
} from './facesRepo.js';
import { deletePhotoAtPath, upsertPhoto } from './photosRepo.js';
import { insertRoot } from './rootsRepo.js';
import { photoWrite } from '../testing.js';
import * as people from './peopleRepo.js';
import { countPhotosNeedingStages, markStageDone, photosNeedingStages, stageState } from './photoJobsRepo.js';

function face(seed: number): FaceWrite {
  const descriptor = new Float32Array(128).map((_, i) => Math.sin(seed * 31 + i));
  return {
    box: { x: 0.1 * seed, y: 0.2, width: 0.1, height: 0.12 },
    score: 0.9,
    landmarks: new Float32Array(136).map((_, i) => i / 136),
    quality: { score: 0.8, size: 120, sharpness: 0.5, yaw: 3, roll: -2 },
    thumbnail: new Uint8Array([1, 2, 3]),
    descriptor,
  };
}

function setup() {
  const db = openMemoryDatabase();
  const rootId = insertRoot(db, { path: '/r', pathRaw: Buffer.from('/r'), addedAt: 'now' });
  const photo = (path: string, status: 'ok' | 'error' = 'ok') =>
    upsertPhoto(db, photoWrite(rootId, path, { status, width: 10, height: 10 }), 'now');
  return { db, photo };
}

describe('faces', () => {
  it('replaces a photo’s faces, descriptors included, so re-indexing never duplicates', () => {
    const { db, photo } = setup();
    const id = photo('/r/a.jpg');
    replacePhotoFaces(db, id, [face(1), face(2)], 'v1');
    const [second] = replacePhotoFaces(db, id, [face(3)], 'v1');
    expect(countFaces(db)).toBe(1);
    expect(countFaceEmbeddings(db)).toBe(1);
    const [row] = facesOfPhoto(db, id);
    expect(row).toMatchObject({ id: second, photoId: id, box: { x: 0.30000000000000004 }, hasThumbnail: true });
    expect(row!.landmarks).toHaveLength(136);
    expect(Array.from(faceDescriptor(db, second!)!)).toEqual(Array.from(face(3).descriptor));
  });

  it('carries names, corrections and "not a face" over to the same faces when a photo is analysed again', () => {
    const { db, photo } = setup();
    const id = photo('/r/a.jpg');
    const [a, b, c] = replacePhotoFaces(db, id, [face(1), face(3), face(5)], 'v1');
    const alice = people.createPerson(db, 'Alice', 'now');
    const bob = people.createPerson(db, null, 'now');
    people.assignFace(db, a!, alice, 'user');
    people.assignFace(db, b!, bob, 'cluster');
    people.rejectFaceFromPerson(db, b!, alice);
    people.markNotAFace(db, c!);
    // New models: boxes move a little, one face is new and the order changed.
    const shifted = (seed: number, dx: number) => ({ ...face(seed), box: { ...face(seed).box, x: 0.1 * seed + dx } });
    const [newB, newA, fresh, newC] = replacePhotoFaces(
      db,
      id,
      [shifted(3, 0.01), shifted(1, -0.01), face(8), face(5)],
      'v2',
    );
    const rows = new Map(facesOfPhoto(db, id).map((f) => [f.id, f]));
    expect(rows.get(newA!)?.person).toEqual({ id: alice, name: 'Alice', confirmed: true });
    expect(rows.get(newB!)?.person).toEqual({ id: bob, name: null, confirmed: false });
    expect(people.rejectedPeopleOf(db, newB!)).toEqual([alice]);
    expect(rows.get(fresh!)?.person).toBeNull();
    expect(rows.has(newC!)).toBe(false);
    expect(countFaces(db)).toBe(3);
  });

  it('drops faces and descriptors with their photo', () => {
    const { db, photo } = setup();
    const id = photo('/r/a.jpg');
    replacePhotoFaces(db, id, [face(1), face(2)], 'v1');
    deletePhotoAtPath(db, Buffer.from('/r/a.jpg'));
    expect(countFaces(db)).toBe(0);
    expect(countFaceEmbeddings(db)).toBe(0);
  });

  it('lists the decodable photos a stage version has not processed, and records what it did', () => {
    const { db, photo } = setup();
    const a = photo('/r/a.jpg');
    const b = photo('/r/b.jpg');
    photo('/r/broken.jpg', 'error');
    const faces = [{ stage: 'faces', version: 'v1' }];
    expect(photosNeedingStages(db, faces, 0, 10).map((p) => p.id)).toEqual([a, b]);
    markStageDone(db, a, 'faces', 'v1', null, 'now');
    markStageDone(db, b, 'faces', 'v0', 'old', 'before');
    expect(countPhotosNeedingStages(db, faces)).toBe(1);
    markStageDone(db, b, 'faces', 'v1', 'could not decode', 'now');
    expect(countPhotosNeedingStages(db, faces)).toBe(0);
    expect(stageState(db, b, 'faces')).toEqual({ version: 'v1', doneAt: 'now', error: 'could not decode' });
  });

  it('lists a photo while any asked stage is missing, with the stages it still needs', () => {
    const { db, photo } = setup();
    const a = photo('/r/a.jpg');
    const b = photo('/r/b.jpg');
    const both = [
      { stage: 'faces', version: 'v1' },
      { stage: 'scene', version: 's1' },
    ];
    markStageDone(db, a, 'faces', 'v1', null, 'now');
    markStageDone(db, b, 'faces', 'v1', null, 'now');
    markStageDone(db, b, 'scene', 's1', null, 'now');
    expect(photosNeedingStages(db, both, 0, 10)).toEqual([expect.objectContaining({ id: a, needs: ['scene'] })]);
    expect(photosNeedingStages(db, both, a, 10)).toEqual([]);
    expect(countPhotosNeedingStages(db, both)).toBe(1);
  });
});
