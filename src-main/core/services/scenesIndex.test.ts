import { copyFile, readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../../src-shared/types/photo.js';
import type { SceneSummary } from '../../../src-shared/types/scene.js';
import type { Core } from '../createCore.js';
import { DATABASE_FILE, openDatabase, type Db } from '../db/database.js';
import { photosNeedingStages, stageState } from '../db/repos/photoJobsRepo.js';
import { createJob } from '../db/repos/jobsRepo.js';
import { facesOfPhoto } from '../db/repos/facesRepo.js';
import { backgroundShareOf, sceneVector } from '../db/repos/scenesRepo.js';
import { SCENE_VECTOR_DIM } from '../db/migrations/0040-scenes.js';
import { defaultConfig } from '../config.js';
import { faceStageVersion } from '../inference/faces/faceStage.js';
import { runIndexJob } from '../jobs/indexJob.js';
import { createWorkerPool } from '../workers/workerPool.js';
import { SCENE_STAGE, sceneStageVersion } from '../inference/scenes/sceneStage.js';
import { createTextSearch } from '../search/textSearch.js';
import { allPhotos, openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';

/*
 * Scenes end to end through the contract, with the real models: a scan of landscape photos from intel6 (three scenes,
 * read by path) beside group photos with faces and a damaged photo; the index job runs the face and scene stages from
 * one decode; scenes are clustered, named, found by name, kept across re-clustering, and "more like this" answers.
 */
const INTEL6 = resolve('..', 'shared', 'datasets', 'scenes', 'intel6');
const SAMPLES = resolve('node_modules', '@vladmandic', 'face-api', 'demo');
const CLASSES = ['forest', 'sea', 'street'] as const;
const PER_CLASS = 12;

/** The first PER_CLASS photos of each class, from the dataset's labels. */
async function intelPhotos(): Promise<{ file: string; scene: string }[]> {
  const lines = (await readFile(join(INTEL6, 'labels.csv'), 'utf8')).trim().split(/\r?\n/).slice(1);
  const rows = lines.map((l) => {
    const [file, scene] = l.split(',');
    return { file: file!, scene: scene! };
  });
  return CLASSES.flatMap((c) => rows.filter((r) => r.scene === c).slice(0, PER_CLASS));
}

describe.skipIf(!existsSync(INTEL6))('scenes', () => {
  let photosDir: string;
  let libraryDir: string;
  let core: Core;
  let db: Db;
  let sceneOf: Map<number, string>;
  let byName: Map<string, PhotoSummary>;
  let top: SceneSummary;

  beforeAll(async () => {
    photosDir = await tempDir('scenes-photos');
    libraryDir = await tempDir('scenes-library');
    const labels = new Map<string, string>();
    for (const { file, scene } of await intelPhotos()) {
      const name = `${scene}-${file.split('/').pop()}`;
      await copyFile(join(INTEL6, file), join(photosDir, name));
      labels.set(name, scene);
    }
    for (const n of [1, 2, 3]) await copyFile(join(SAMPLES, `sample${n}.jpg`), join(photosDir, `group${n}.jpg`));
    await copyFile(join(SAMPLES, 'sample4.jpg'), join(photosDir, 'vanishing.jpg'));
    core = await openTestCore(libraryDir);
    const root = await core.handlers.library.addRoot(photosDir);
    await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    // Gone between the scan and the indexing: both stages record why, and the job goes on.
    await rm(join(photosDir, 'vanishing.jpg'));
    const index = await core.waitForJob((await core.handlers.library.startIndex()).jobId);
    expect(index.state).toBe('done');
    const clustered = await core.waitForJob((await core.handlers.scenes.cluster()).jobId);
    expect(clustered).toMatchObject({ kind: 'scenes', state: 'done' });
    const photos = await allPhotos(core);
    byName = new Map(photos.map((p) => [p.name, p]));
    sceneOf = new Map(photos.flatMap((p) => (labels.has(p.name) ? [[p.id as number, labels.get(p.name)!]] : [])));
    db = openDatabase(join(libraryDir, DATABASE_FILE), { readonly: true });
    top = (await core.handlers.scenes.list({ top: 1 }))[0]!;
  }, 600_000);

  afterAll(async () => {
    db?.close();
    await core.close();
    await removeDir(photosDir);
    await removeDir(libraryDir);
  });

  it('runs both stages on every decodable photo and records why a vanished one has no scene', () => {
    for (const [name, photo] of byName) {
      const scene = stageState(db, photo.id, SCENE_STAGE);
      expect(scene, name).toBeDefined();
      expect(stageState(db, photo.id, 'faces'), name).toBeDefined();
      if (name === 'vanishing.jpg') expect(scene!.error).toEqual(expect.any(String));
      else expect(scene!.error, name).toBeNull();
    }
  });

  it('lists scenes largest first, each mostly one place, with samples nearest the centre', async () => {
    const list = await core.handlers.scenes.list({});
    expect(list.length).toBeGreaterThan(0);
    expect(list.length).toBeLessThanOrEqual(5);
    for (let i = 1; i < list.length; i++) expect(list[i]!.photoCount).toBeLessThanOrEqual(list[i - 1]!.photoCount);
    expect(top.photoCount).toBeGreaterThanOrEqual(5);
    expect(top.samples.length).toBeGreaterThan(0);
    const members = (await core.handlers.scenes.photos(top.id, { limit: 100 })).items;
    expect(members.length).toBe(top.photoCount);
    expect(members[0]!.id).toBe(top.samples[0]!.id);
    const counts = new Map<string, number>();
    for (const p of members)
      counts.set(sceneOf.get(p.id) ?? 'other', (counts.get(sceneOf.get(p.id) ?? 'other') ?? 0) + 1);
    expect(Math.max(...counts.values()) / members.length).toBeGreaterThanOrEqual(0.6);
  });

  it('tags the group photos with people for search', () => {
    const search = createTextSearch(db);
    const hits = search.search({ text: 'person', limit: 50 }).hits.map((h) => h.photoId);
    expect(hits).toEqual(expect.arrayContaining([byName.get('group1.jpg')!.id]));
  });

  it('finds a named scene’s photos by its name, and keeps the name across re-clustering', async () => {
    const renamed = await core.handlers.scenes.rename(top.id, 'Zanzibar Quay');
    expect(renamed).toMatchObject({ id: top.id, name: 'Zanzibar Quay', displayName: 'Zanzibar Quay' });
    const members = (await core.handlers.scenes.photos(top.id, { limit: 100 })).items.map((p) => p.id as number);
    const found = () =>
      createTextSearch(db)
        .search({ text: 'zanzibar', limit: 100 })
        .hits.map((h) => h.photoId)
        .sort((a, b) => a - b);
    expect(found()).toEqual([...members].sort((a, b) => a - b));

    await core.waitForJob((await core.handlers.scenes.cluster()).jobId);
    const again = (await core.handlers.scenes.list({ top: 100 })).filter((s) => s.name === 'Zanzibar Quay');
    expect(again).toHaveLength(1);
    expect(again[0]!.id).toBe(top.id);
    const after = (await core.handlers.scenes.photos(top.id, { limit: 100 })).items.map((p) => p.id as number);
    expect(found()).toEqual([...after].sort((a, b) => a - b));

    expect(await core.handlers.scenes.rename(top.id, null)).toMatchObject({ name: null });
    expect(found()).toEqual([]);
  });

  it('answers "more like this" with the nearest backgrounds, nearest first, never the photo itself', async () => {
    const forest = [...sceneOf].find(([, s]) => s === 'forest')![0];
    const similar = await core.handlers.scenes.similar(forest as PhotoSummary['id'], 5);
    expect(similar).toHaveLength(5);
    expect(similar.map((s) => s.photo.id)).not.toContain(forest);
    for (let i = 1; i < similar.length; i++)
      expect(similar[i]!.distance).toBeGreaterThanOrEqual(similar[i - 1]!.distance);
    const same = similar.filter((s) => sceneOf.get(s.photo.id) === 'forest').length;
    expect(same).toBeGreaterThanOrEqual(3);
  });
});

describe.skipIf(!existsSync(INTEL6))('scenes after an automatic index', () => {
  it('chains scan → index → people clustering → scene clustering when the library indexes by itself', async () => {
    const photosDir = await tempDir('scenes-chain-photos');
    const libraryDir = await tempDir('scenes-chain-library');
    const core = await openTestCore(libraryDir, { autoIndex: true });
    try {
      for (const { file, scene } of (await intelPhotos()).slice(0, 6)) {
        await copyFile(join(INTEL6, file), join(photosDir, `${scene}-${file.split('/').pop()}`));
      }
      const kinds: string[] = [];
      const scenesDone = new Promise<void>((done) => {
        core.events.on('job.progress', (p) => {
          if (p.state !== 'done') return;
          kinds.push(p.kind);
          if (p.kind === 'scenes') done();
        });
      });
      const root = await core.handlers.library.addRoot(photosDir);
      await core.handlers.library.startScan([root.id]);
      await scenesDone;
      expect(kinds).toEqual(['scan', 'index', 'cluster', 'scenes']);
    } finally {
      await core.close();
      await removeDir(photosDir);
      await removeDir(libraryDir);
    }
  }, 300_000);
});

describe('the scene stage alone, after faces were indexed without it', () => {
  it('masks people with the stored faces and leaves the faces as they were', async () => {
    const photosDir = await tempDir('scenes-late-photos');
    const libraryDir = await tempDir('scenes-late-library');
    for (const n of [1, 2]) await copyFile(join(SAMPLES, `sample${n}.jpg`), join(photosDir, `group${n}.jpg`));
    const core = await openTestCore(libraryDir);
    const root = await core.handlers.library.addRoot(photosDir);
    await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    await core.close();
    const config = defaultConfig(libraryDir, { workerCount: 1, autoIndex: false });
    const db = openDatabase(join(libraryDir, DATABASE_FILE));
    const pool = createWorkerPool(1);
    const index = (sceneVersion: string | null) =>
      runIndexJob(
        { db, pool, config, faceVersion: faceStageVersion(config.modelsDir), sceneVersion, emit: () => undefined },
        createJob(db, 'index', new Date().toISOString()),
        new AbortController().signal,
      );
    try {
      expect(await index(null)).toBe('done');
      const photoIds = photosNeedingStages(db, [{ stage: SCENE_STAGE, version: 'any' }], 0, 10).map((p) => p.id);
      expect(photoIds).toHaveLength(2);
      const facesBefore = photoIds.map((id) => facesOfPhoto(db, id).map((f) => f.id));
      expect(facesBefore.flat().length).toBeGreaterThan(0);
      for (const id of photoIds) expect(sceneVector(db, id)).toBeUndefined();

      expect(await index(sceneStageVersion(config.modelsDir))).toBe('done');
      for (const [i, id] of photoIds.entries()) {
        expect(facesOfPhoto(db, id).map((f) => f.id)).toEqual(facesBefore[i]);
        expect(sceneVector(db, id)).toHaveLength(SCENE_VECTOR_DIM);
        expect(stageState(db, id, SCENE_STAGE)?.error).toBeNull();
        // Group photos: people (found by the detector, and the stored faces) are a good share of the photo.
        expect(backgroundShareOf(db, id)).toBeLessThan(0.95);
      }
    } finally {
      await pool.close();
      db.close();
      await removeDir(photosDir);
      await removeDir(libraryDir);
    }
  }, 300_000);
});
