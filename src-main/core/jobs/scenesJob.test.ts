import { describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../db/database.js';
import { createJob } from '../db/repos/jobsRepo.js';
import { SCENE_VECTOR_DIM } from '../db/migrations/0040-scenes.js';
import { upsertPhoto } from '../db/repos/photosRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import * as scenes from '../db/repos/scenesRepo.js';
import { photoWrite } from '../db/testing.js';
import { clusterScenes } from '../scenes/clusterScenes.js';
import { normalizeL2 } from '../scenes/pooling.js';
import { createTextSearch } from '../search/textSearch.js';
import { indexPhotoSceneNames } from '../search/searchIndex.js';
import type { WorkerPool } from '../workers/workerPool.js';
import type { WorkerTaskName, WorkerTasks } from '../workers/protocol.js';
import { createSettingsService } from '../services/settingsService.js';
import { runScenesJob } from './scenesJob.js';

/** A test fake of the pool that clusters scenes in this thread and refuses every other task. */
const inlinePool: WorkerPool = {
  size: 1,
  run<K extends WorkerTaskName>(name: K, task: WorkerTasks[K]['task']): Promise<WorkerTasks[K]['result']> {
    if (name !== 'clusterScenes') return Promise.reject(new Error(`the fake pool does not run ${name}`));
    const { vectors, dim, minClusterSize } = task as WorkerTasks['clusterScenes']['task'];
    return Promise.resolve(clusterScenes(vectors, dim, { minClusterSize }) as WorkerTasks[K]['result']);
  },
  close: () => Promise.resolve(),
};

/** Deterministic noise, so the clusters are the same on every run. */
function noise(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
}

/** `count` photos whose backgrounds lie around the scene `place` (a direction of its own). */
function addPhotos(db: Db, root: number, place: number, count: number, seed: number): number[] {
  const next = noise(seed);
  return Array.from({ length: count }, (_, i) => {
    const id = upsertPhoto(db, photoWrite(root, `/pics/${place}-${seed}-${i}.jpg`), 'now');
    const v = new Float32Array(SCENE_VECTOR_DIM);
    for (let d = 0; d < 64; d++) v[place * 64 + d] = 1;
    for (let d = 0; d < SCENE_VECTOR_DIM; d++) v[d]! += 0.3 * next();
    normalizeL2(v);
    scenes.replaceSceneVector(db, id, { vector: v, backgroundShare: 1, descriptor: 'gistLab' });
    return id;
  });
}

const cluster = (db: Db) =>
  runScenesJob(
    { db, pool: inlinePool, emit: () => undefined },
    createJob(db, 'scenes', 'now'),
    new AbortController().signal,
  );

const sceneOf = (db: Db, photoId: number) => scenes.allMemberships(db).find((m) => m.photoId === photoId)?.sceneId;

/** How many of `photoIds` are in scene `sceneId`. */
const inScene = (db: Db, photoIds: readonly number[], sceneId: number) =>
  photoIds.filter((id) => sceneOf(db, id) === sceneId).length;

/** The scene most of `photoIds` are in (the clustering leaves a few one-off photos out as noise). */
function mostCommonScene(db: Db, photoIds: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const id of photoIds) {
    const scene = sceneOf(db, id);
    if (scene !== undefined) counts.set(scene, (counts.get(scene) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

describe('scenes job', () => {
  it('groups backgrounds into scenes, keeps a named scene across re-clustering and indexes its name', async () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
    const garden = addPhotos(db, root, 0, 8, 1);
    const kitchen = addPhotos(db, root, 1, 8, 2);
    addPhotos(db, root, 2, 8, 3);
    expect(await cluster(db)).toBe('done');
    const gardenScene = mostCommonScene(db, garden)!;
    expect(inScene(db, garden, gardenScene)).toBeGreaterThanOrEqual(6);
    expect(inScene(db, kitchen, gardenScene)).toBe(0);
    expect(scenes.largestScenes(db, 10)).toHaveLength(3);

    scenes.renameScene(db, gardenScene, 'Garden', 'now');
    // As scenesService.rename does: the scene's photos are found by its name.
    for (const id of scenes.photoIdsOfScenes(db, [gardenScene])) indexPhotoSceneNames(db, id, ['Garden']);
    // More photos of the garden, and a new place: the clusters change, the name stays with the garden.
    const moreGarden = addPhotos(db, root, 0, 6, 4);
    addPhotos(db, root, 3, 8, 5);
    expect(await cluster(db)).toBe('done');
    expect(scenes.namedScenes(db)).toEqual([{ id: gardenScene, name: 'Garden' }]);
    expect(mostCommonScene(db, [...garden, ...moreGarden])).toBe(gardenScene);
    // Exactly the named scene's photos answer its name: those that left it lost it, those that joined gained it.
    const found = createTextSearch(db)
      .search({ text: 'garden', limit: 100 })
      .hits.map((h) => h.photoId);
    const members = scenes.photoIdsOfScene(db, gardenScene, 0, 100);
    expect(found.sort((a, b) => a - b)).toEqual(members.sort((a, b) => a - b));
    expect(scenes.largestScenes(db, 10)).toHaveLength(4);
  });

  it("takes the smallest scene from the library's settings", async () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
    for (let place = 0; place < 3; place++) addPhotos(db, root, place, 8, place + 1);
    expect(await cluster(db)).toBe('done');
    expect(scenes.largestScenes(db, 10)).toHaveLength(3);
    // No place has 9 photos (and the clustering leaves some out as noise): no scene is shown.
    createSettingsService(db).set({ sceneMinPhotos: 9 });
    expect(await cluster(db)).toBe('done');
    expect(scenes.largestScenes(db, 10)).toEqual([]);
  });

  it('ends with no scenes on a library without vectors', async () => {
    const db = openMemoryDatabase();
    expect(await cluster(db)).toBe('done');
    expect(scenes.largestScenes(db, 10)).toEqual([]);
  });
});
