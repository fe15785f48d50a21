import { copyFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { Core } from '../createCore.js';
import type { PhotoSummary } from '../../../src-shared/types/photo.js';
import { allPhotos, openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';
import { diffHashes, hashTree } from '../../testing/treeHash.js';

/*
 * Face indexing end to end through the contract: a scan followed by the index job over photos with faces, without
 * faces, damaged, and one that vanishes between the scan and the indexing.
 */
const SAMPLES = resolve('node_modules', '@vladmandic', 'face-api', 'demo');

describe('face indexing', () => {
  let photosDir: string;
  let libraryDir: string;
  let core: Core;
  let byName: Map<string, PhotoSummary>;
  let before: Map<string, string>;

  beforeAll(async () => {
    photosDir = await tempDir('faces-photos');
    libraryDir = await tempDir('faces-library');
    await copyFile(join(SAMPLES, 'sample2.jpg'), join(photosDir, 'group.jpg'));
    // A landscape-like gradient: nothing face-like in it.
    const gradient = Buffer.alloc(640 * 480 * 3);
    for (let i = 0; i < gradient.length; i += 3) {
      const x = (i / 3) % 640;
      gradient[i] = 40 + (x >> 3);
      gradient[i + 1] = 120;
      gradient[i + 2] = 200 - (x >> 4);
    }
    await sharp(gradient, { raw: { width: 640, height: 480, channels: 3 } })
      .jpeg()
      .toFile(join(photosDir, 'sky.jpg'));
    const whole = await sharp(join(SAMPLES, 'sample3.jpg')).jpeg().toBuffer();
    await writeFile(join(photosDir, 'cut.jpg'), whole.subarray(0, Math.floor(whole.length * 0.6)));
    await copyFile(join(SAMPLES, 'sample4.jpg'), join(photosDir, 'vanishing.jpg'));
    await writeFile(join(photosDir, 'noise.jpg'), Buffer.from('not a photo at all'));
    core = await openTestCore(libraryDir);
    const root = await core.handlers.library.addRoot(photosDir);
    await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    await rm(join(photosDir, 'vanishing.jpg'));
    before = await hashTree(photosDir);
    await core.waitForJob((await core.handlers.library.startIndex()).jobId);
    byName = new Map((await allPhotos(core)).map((p) => [p.name, p]));
  }, 300_000);

  afterAll(async () => {
    await core.close();
    await removeDir(photosDir);
    await removeDir(libraryDir);
  });

  it('finds the faces of a group photo, with thumbnails and quality', async () => {
    const faces = await core.handlers.photos.faces(byName.get('group.jpg')!.id);
    expect(faces.length).toBeGreaterThanOrEqual(3);
    for (const face of faces) {
      expect(face.score).toBeGreaterThan(0.5);
      expect(face.box.x).toBeGreaterThanOrEqual(0);
      expect(face.box.x + face.box.width).toBeLessThanOrEqual(1.05);
      expect(face.quality.score).toBeGreaterThanOrEqual(0);
      expect(face.quality.score).toBeLessThanOrEqual(1);
      expect(await core.media('face', face.id)).toMatchObject({ mime: 'image/webp' });
    }
    const status = await core.handlers.library.status();
    expect(status.counts.faces).toBeGreaterThanOrEqual(faces.length);
  });

  it('records a faceless photo as analysed with no faces', async () => {
    const sky = byName.get('sky.jpg')!;
    expect(await core.handlers.photos.faces(sky.id)).toEqual([]);
    expect((await core.handlers.photos.get(sky.id)).faceAnalysis).toMatchObject({ error: null });
  });

  it('analyses a damaged photo as far as it decodes, and records why a vanished one has no faces', async () => {
    expect(byName.get('cut.jpg')!.status).toBe('damaged');
    expect((await core.handlers.photos.get(byName.get('cut.jpg')!.id)).faceAnalysis?.error).toBeNull();
    const gone = await core.handlers.photos.get(byName.get('vanishing.jpg')!.id);
    expect(gone.faceAnalysis?.error).toMatch(/gone/);
    expect((await core.handlers.library.status()).activeJobs).toEqual([]);
  });

  it('does not analyse files that are not photos, and never writes the originals', async () => {
    expect((await core.handlers.photos.get(byName.get('noise.jpg')!.id)).faceAnalysis).toBeNull();
    expect(diffHashes(before, await hashTree(photosDir))).toEqual([]);
  });

  it('detects faces in a file outside the library without adding it, and refuses what is no image', async () => {
    const found = await core.handlers.faces.detect(join(SAMPLES, 'sample1.jpg'));
    // Numbered left to right, as the contract (and find by photo's face indices) says.
    const lefts = found.faces.map((f) => f.box.x);
    expect(lefts).toEqual([...lefts].sort((a, b) => a - b));
    expect(found.faces.length).toBeGreaterThanOrEqual(3);
    expect(found.width).toBe(1920);
    expect((await allPhotos(core)).length).toBe(byName.size);
    expect(await core.dispatch('faces.detect', [join(photosDir, 'noise.jpg')])).toMatchObject({
      ok: false,
      error: { code: 'invalid-argument' },
    });
  });

  it('a second index run has nothing to do', async () => {
    const again = await core.waitForJob((await core.handlers.library.startIndex()).jobId);
    expect(again).toMatchObject({ state: 'done' });
    expect(again.done).toBe(again.total);
  });
});

describe('scanning while indexing', () => {
  it('pauses indexing for the scan, and indexing then resumes with the new photos', async () => {
    const photosDir = await tempDir('faces-preempt');
    const libraryDir = await tempDir('faces-preempt-library');
    const core = await openTestCore(libraryDir, { autoIndex: true });
    try {
      for (let n = 1; n <= 6; n++) await copyFile(join(SAMPLES, `sample${n}.jpg`), join(photosDir, `s${n}.jpg`));
      const root = await core.handlers.library.addRoot(photosDir);
      await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
      const indexing = (await core.handlers.jobs.list(true)).find((job) => job.kind === 'index');
      expect(indexing?.state).toBe('running');

      await copyFile(join(SAMPLES, 'sample1.jpg'), join(photosDir, 'new.jpg'));
      const rescan = await core.handlers.library.startScan([root.id]);
      expect(rescan.kind).toBe('scan');
      expect((await core.handlers.jobs.get(indexing!.jobId)).state).toBe('interrupted');
      expect((await core.waitForJob(rescan.jobId)).state).toBe('done');

      // The scan's end starts indexing again: the paused run resumes and takes the new photo too.
      const resumed = (await core.handlers.jobs.list(true)).find((job) => job.kind === 'index');
      expect(resumed?.jobId).toBe(indexing!.jobId);
      expect((await core.waitForJob(resumed!.jobId)).state).toBe('done');
      expect((await core.handlers.library.status()).counts.photosAnalyzed).toBe(7);
    } finally {
      await core.close();
      await removeDir(photosDir);
      await removeDir(libraryDir);
    }
  }, 300_000);
});
