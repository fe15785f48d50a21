import { describe, expect, it } from 'vitest';
import { openMemoryDatabase } from '../database.js';
import { SCENE_VECTOR_DIM } from '../migrations/0040-scenes.js';
import { photoWrite } from '../testing.js';
import { deletePhotoAtPath, upsertPhoto } from './photosRepo.js';
import { insertRoot } from './rootsRepo.js';
import * as scenes from './scenesRepo.js';

/** A unit vector along axis `axis` tilted a little towards axis `towards`. */
function unit(axis: number, towards = axis, tilt = 0): Float32Array {
  const v = new Float32Array(SCENE_VECTOR_DIM);
  v[axis] = Math.cos(tilt);
  v[towards]! += Math.sin(tilt);
  return v;
}

function library(count: number) {
  const db = openMemoryDatabase();
  const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
  const ids = Array.from({ length: count }, (_, i) => upsertPhoto(db, photoWrite(root, `/pics/${i}.jpg`), 'now'));
  return { db, ids };
}

const write = (vector: Float32Array) => ({ vector, backgroundShare: 0.75, descriptor: 'gistLab' });

describe('scenes repository', () => {
  it('stores, replaces and removes a photo’s vector with its background share', () => {
    const { db, ids } = library(2);
    const [a, b] = ids as [number, number];
    scenes.replaceSceneVector(db, a, write(unit(0)));
    scenes.replaceSceneVector(db, a, write(unit(1)));
    scenes.replaceSceneVector(db, b, write(unit(2)));
    expect(scenes.countSceneVectors(db)).toBe(2);
    expect(Array.from(scenes.sceneVector(db, a)!.subarray(0, 3))).toEqual([0, 1, 0]);
    expect(scenes.backgroundShareOf(db, a)).toBe(0.75);
    const all = scenes.allSceneVectors(db);
    expect(Array.from(all.photoIds)).toEqual([a, b]);
    expect(all.dim).toBe(SCENE_VECTOR_DIM);
    expect(all.vectors[SCENE_VECTOR_DIM + 2]).toBe(1);
    scenes.replaceSceneVector(db, a, null);
    expect(scenes.sceneVector(db, a)).toBeUndefined();
    expect(scenes.backgroundShareOf(db, a)).toBeUndefined();
  });

  it('drops a deleted photo’s vector and membership', () => {
    const { db, ids } = library(1);
    const [a] = ids as [number];
    scenes.replaceSceneVector(db, a, write(unit(0)));
    const scene = scenes.createScene(db, 'now');
    scenes.replaceMemberships(db, [{ photoId: a, sceneId: scene, rank: 0 }]);
    deletePhotoAtPath(db, Buffer.from('/pics/0.jpg'));
    expect(scenes.countSceneVectors(db)).toBe(0);
    expect(scenes.allMemberships(db)).toEqual([]);
  });

  it('finds the nearest backgrounds, nearest first', () => {
    const { db, ids } = library(3);
    scenes.replaceSceneVector(db, ids[0]!, write(unit(0)));
    scenes.replaceSceneVector(db, ids[1]!, write(unit(0, 1, 0.1)));
    scenes.replaceSceneVector(db, ids[2]!, write(unit(0, 1, 0.5)));
    const near = scenes.nearestScenePhotos(db, unit(0), 3);
    expect(near.map((n) => n.photoId)).toEqual(ids);
    expect(near[0]!.distance).toBeCloseTo(0, 5);
    expect(near[1]!.distance).toBeLessThan(near[2]!.distance);
  });

  it('ranks scenes by size, lists members in rank order, and deletes empty unnamed scenes only', () => {
    const { db, ids } = library(5);
    const small = scenes.createScene(db, 'now');
    const big = scenes.createScene(db, 'now');
    const named = scenes.createScene(db, 'now');
    scenes.renameScene(db, named, 'Beach', 'later');
    scenes.replaceMemberships(db, [
      { photoId: ids[0]!, sceneId: small, rank: 0 },
      { photoId: ids[3]!, sceneId: big, rank: 1 },
      { photoId: ids[1]!, sceneId: big, rank: 0 },
      { photoId: ids[2]!, sceneId: big, rank: 2 },
    ]);
    expect(scenes.largestScenes(db, 5)).toEqual([
      { id: big, name: null, photoCount: 3 },
      { id: small, name: null, photoCount: 1 },
    ]);
    expect(scenes.photoIdsOfScene(db, big, 0, 10)).toEqual([ids[1], ids[3], ids[2]]);
    expect(scenes.photoFilesOfScene(db, big).map((f) => f.name)).toEqual(['1.jpg', '3.jpg', '2.jpg']);
    expect(scenes.sceneByName(db, 'beach')?.id).toBe(named);
    scenes.replaceMemberships(db, [{ photoId: ids[4]!, sceneId: named, rank: 0 }]);
    expect(scenes.getScene(db, small)).toBeUndefined();
    expect(scenes.getScene(db, named)).toEqual({ id: named, name: 'Beach', photoCount: 1 });
    expect(scenes.sceneNameOfPhoto(db, ids[4]!)).toBe('Beach');
    expect(scenes.namedScenes(db)).toEqual([{ id: named, name: 'Beach' }]);
  });

  it('refuses two scenes with one name, whatever the case', () => {
    const { db } = library(0);
    const a = scenes.createScene(db, 'now');
    const b = scenes.createScene(db, 'now');
    scenes.renameScene(db, a, 'Kitchen', 'now');
    expect(() => scenes.renameScene(db, b, 'kitchen', 'now')).toThrow(/UNIQUE/);
  });
});
