import { copyFile, readlink, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaceId, PersonId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import type { PersonSummary } from '../../../src-shared/types/person.js';
import type { Core } from '../createCore.js';
import { allPhotos, openTestCore, removeDir, tempDir } from '../../testing/fixtures.js';
import { diffHashes, hashTree } from '../../testing/treeHash.js';

/*
 * Corrections survive everything: names, a merge, a moved face, "not this person" and "not a face" are made on real
 * faces (face-api's group photos, each also present resized, so people have two photos), then new photos arrive
 * (mirrored copies: the same people again), clustering places them, and the library is re-clustered twice.
 */
const SAMPLES = resolve('node_modules', '@vladmandic', 'face-api', 'demo');
const GROUPS = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'];

type Corrections = {
  alice: PersonId;
  bob: PersonId;
  carol: PersonId;
  mergedAway: PersonId;
  aliceFaces: FaceId[];
  bobFaces: FaceId[];
  moved: FaceId;
  rejected: FaceId;
  notAFace: FaceId;
};

/** Handlers may answer synchronously: a failed call becomes a rejected promise either way. */
const attempt = <T>(call: () => T | Promise<T>) => Promise.resolve().then(call);

describe('people corrections', () => {
  let firstDir: string;
  let laterDir: string;
  let libraryDir: string;
  let core: Core;
  let c: Corrections;

  const run = async (start: () => JobProgress | Promise<JobProgress>) => {
    const job = await core.waitForJob((await start()).jobId);
    expect(job.state).toBe('done');
  };
  const everyone = async () =>
    (await core.handlers.people.list({ minPhotos: 1, visibility: 'all', limit: 1000 })).items;
  const faceIds = async (person: PersonId) =>
    (await core.handlers.people.faces(person, { limit: 1000 })).items.map((f) => f.id);
  const photoIds = async (person: PersonId) =>
    new Set((await core.handlers.people.photos(person, { limit: 1000 })).items.map((p) => p.id));

  async function expectCorrectionsIntact() {
    const alice = await core.handlers.people.get(c.alice);
    expect(alice.name).toBe('Alice');
    const aliceNow = await faceIds(c.alice);
    expect(aliceNow).toEqual(expect.arrayContaining(c.aliceFaces));
    expect(aliceNow).not.toContain(c.rejected);
    expect((await core.handlers.people.get(c.bob)).name).toBe('Bob');
    const bobNow = await faceIds(c.bob);
    expect(bobNow).toEqual(expect.arrayContaining(c.bobFaces));
    expect(bobNow).not.toContain(c.moved);
    expect((await core.handlers.people.get(c.carol)).name).toBe('Carol');
    expect(await faceIds(c.carol)).toContain(c.moved);
    await expect(attempt(() => core.handlers.people.get(c.mergedAway))).rejects.toThrow(/no person/);
    const unassigned = (await core.handlers.people.unassigned({ limit: 1000 })).items.map((f) => f.id);
    expect(unassigned).not.toContain(c.notAFace);
    for (const person of await everyone()) expect(await faceIds(person.id)).not.toContain(c.notAFace);
    // One photo never shows one person twice.
    for (const photo of await allPhotos(core)) {
      const faces = await core.handlers.photos.faces(photo.id);
      expect(faces.map((f) => f.id)).not.toContain(c.notAFace);
      const people = faces.flatMap((f) => (f.person ? [f.person.id] : []));
      expect(new Set(people).size).toBe(people.length);
    }
  }

  beforeAll(async () => {
    firstDir = await tempDir('people-first');
    laterDir = await tempDir('people-later');
    libraryDir = await tempDir('people-library');
    for (const name of GROUPS) {
      await copyFile(join(SAMPLES, name), join(firstDir, name));
      const { width } = await sharp(join(SAMPLES, name)).metadata();
      await sharp(join(SAMPLES, name))
        .resize(Math.round(width * 0.8))
        .jpeg({ quality: 90 })
        .toFile(join(firstDir, `small-${name}`));
      await sharp(join(SAMPLES, name))
        .flop()
        .jpeg({ quality: 90 })
        .toFile(join(laterDir, `mirrored-${name}`));
    }
    core = await openTestCore(libraryDir);
    await core.handlers.library.addRoot(firstDir);
    await run(() => core.handlers.library.startScan());
    await run(() => core.handlers.library.startIndex());
    await run(() => core.handlers.people.cluster('full'));
  }, 600_000);

  afterAll(async () => {
    await core.close();
    await removeDir(firstDir);
    await removeDir(laterDir);
    await removeDir(libraryDir);
  });

  it('clusters the same faces of the two copies of each photo into people', async () => {
    const people = await everyone();
    expect(people.length).toBeGreaterThanOrEqual(5);
    // Each person is in both copies of a photo (some in two of the group photos), never twice in one photo.
    expect(people.every((p: PersonSummary) => p.photoCount >= 2 && p.faceCount === p.photoCount)).toBe(true);
  });

  it('keeps names, a merge, a moved face and rejections through new photos and two re-clusters', async () => {
    const people = await everyone();
    const [alice, bob] = people;
    const alicePhotos = await photoIds(alice!.id);
    let mergedAway: PersonSummary | undefined;
    for (const p of people.slice(2)) {
      const photos = await photoIds(p.id);
      if ([...photos].some((id) => alicePhotos.has(id))) continue;
      mergedAway = p;
      break;
    }
    expect(mergedAway).toBeDefined();
    const mergedFaces = await faceIds(mergedAway!.id);
    const others = people.filter((p) => ![alice!.id, bob!.id, mergedAway!.id].includes(p.id));

    await core.handlers.people.rename(alice!.id, 'Alice');
    await core.handlers.people.rename(bob!.id, 'Bob');
    await core.handlers.people.merge(alice!.id, [mergedAway!.id]);
    const [moved, ...bobRest] = await faceIds(bob!.id);
    const carol = await core.handlers.people.moveFace(moved!, { newPerson: { name: 'Carol' } });
    const rejected = mergedFaces[0]!;
    await core.handlers.people.rejectFace(rejected, 'notThisPerson');
    const notAFace = (await faceIds(others[0]!.id))[0]!;
    await core.handlers.people.rejectFace(notAFace, 'notAFace');
    c = {
      alice: alice!.id,
      bob: bob!.id,
      carol: carol.person!.id,
      mergedAway: mergedAway!.id,
      aliceFaces: (await faceIds(alice!.id)).filter((id) => id !== rejected),
      bobFaces: bobRest,
      moved: moved!,
      rejected,
      notAFace,
    };
    expect(c.aliceFaces).toEqual(expect.arrayContaining(mergedFaces.filter((id) => id !== rejected)));
    await expectCorrectionsIntact();

    // New photos: the mirrored copies. Incremental clustering puts most of their faces into the known people.
    const before = new Map((await everyone()).map((p) => [p.id, p.faceCount]));
    await core.handlers.library.addRoot(laterDir);
    await run(() => core.handlers.library.startScan());
    await run(() => core.handlers.library.startIndex());
    await run(() => core.handlers.people.cluster('incremental'));
    await expectCorrectionsIntact();
    const grown = (await everyone()).filter((p) => (before.get(p.id) ?? 0) > 0 && p.faceCount > before.get(p.id)!);
    expect(grown.length).toBeGreaterThanOrEqual(Math.floor(before.size / 2));

    await run(() => core.handlers.people.cluster('full'));
    await expectCorrectionsIntact();
    await run(() => core.handlers.people.cluster('full'));
    await expectCorrectionsIntact();
  }, 600_000);

  it('suggests merges closest first, never of two people seen in one photo', async () => {
    const suggestions = await core.handlers.people.suggestions(10);
    expect(suggestions.length).toBeGreaterThan(0);
    const distances = suggestions.map((s) => s.distance);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    for (const { a, b } of suggestions) {
      const photosOfA = await photoIds(a.id);
      expect([...(await photoIds(b.id))].some((id) => photosOfA.has(id))).toBe(false);
    }
  });

  it('refuses corrections that would break a rule, with a clear error', async () => {
    const [first] = await everyone();
    await expect(attempt(() => core.handlers.people.rename(c.bob, 'alice'))).rejects.toThrow(/already person/);
    const aliceFace = (await faceIds(c.alice))[0]!;
    const photo = (await core.handlers.people.faces(c.alice, { limit: 1 })).items[0]!.photoId;
    const neighbour = (await core.handlers.photos.faces(photo)).find((f) => f.id !== aliceFace);
    expect(neighbour).toBeDefined();
    await expect(attempt(() => core.handlers.people.moveFace(neighbour!.id, { person: c.alice }))).rejects.toThrow(
      /already has a face/,
    );
    await expect(attempt(() => core.handlers.people.merge(first!.id, [first!.id]))).rejects.toThrow(/nothing to merge/);
  });

  it('finds a library photo by itself (every face matched), leaves it out on request, and refuses a bad face index', async () => {
    // A group photo none of whose faces the corrections touched: each of its faces is in a person.
    const photos = await allPhotos(core);
    let query = '';
    let name = '';
    for (const group of GROUPS) {
      const photo = photos.find((p) => p.path === join(firstDir, group))!;
      const faces = await core.handlers.photos.faces(photo.id);
      const touched = [c.moved, c.rejected, c.notAFace];
      if (faces.every((f) => f.person && !touched.includes(f.id))) {
        query = photo.path;
        name = group;
        break;
      }
    }
    expect(query).not.toBe('');
    const found = await core.handlers.people.findByPhoto(query, { mode: 'all' });
    expect(found.faces.length).toBeGreaterThanOrEqual(2);
    const self = found.photos.find((p) => p.photo.path === query);
    expect(self?.matches.length).toBe(found.faces.length);
    expect(self?.matches.every((m) => m.distance < 0.01)).toBe(true);
    const others = await core.handlers.people.findByPhoto(query, { mode: 'all', excludeSelf: true });
    expect(others.photos.map((p) => p.photo.path)).not.toContain(query);
    // The resized copy holds the same people (the detector may miss a small face there): found without the original.
    const any = await core.handlers.people.findByPhoto(query, { mode: 'any', excludeSelf: true });
    expect(any.photos.map((p) => p.photo.name)).toEqual(expect.arrayContaining([`small-${name}`, `mirrored-${name}`]));
    await expect(attempt(() => core.handlers.people.findByPhoto(query, { faces: [99] }))).rejects.toThrow(/no face 99/);
  });

  it('answers a photo without faces with no people and no photos, and a broken file with a clear error', async () => {
    const sky = join(libraryDir, 'sky.png');
    await sharp({ create: { width: 320, height: 200, channels: 3, background: '#6aa0e0' } })
      .png()
      .toFile(sky);
    const found = await core.handlers.people.findByPhoto(sky, { mode: 'any' });
    expect(found).toMatchObject({ faces: [], photos: [], total: 0 });
    const broken = join(libraryDir, 'broken.jpg');
    await writeFile(broken, Buffer.from('not a photo'));
    await expect(attempt(() => core.handlers.people.findByPhoto(broken))).rejects.toThrow();
    await expect(attempt(() => core.handlers.people.findByPhoto(join(libraryDir, 'missing.jpg')))).rejects.toThrow(
      /file not found/,
    );
  });

  it('exports people to folders by hard link and symlink, idempotently, leaving the originals as they were', async () => {
    const before = await hashTree(firstDir);
    const out = await tempDir('people-export');
    try {
      const linked = await core.handlers.exports.people({ destination: out, mode: 'hardlink', minPhotos: 2 });
      const alice = linked.folders.find((f) => f.folderName === 'Alice')!;
      const alicePhotos = (await core.handlers.people.photos(c.alice, { limit: 100 })).items;
      expect(alice.files).toBe(alicePhotos.length);
      for (const photo of alicePhotos) {
        const [exported, original] = await Promise.all([stat(join(alice.path, photo.name)), stat(photo.path)]);
        expect([exported.dev, exported.ino]).toEqual([original.dev, original.ino]);
      }
      expect(linked.counts.failed).toBe(0);
      const again = await core.handlers.exports.people({ destination: out, mode: 'hardlink', minPhotos: 2 });
      expect(again.counts).toMatchObject({ written: 0, unchanged: linked.counts.written, failed: 0 });

      const symlinks = await core.handlers.exports.people({
        destination: join(out, 'links'),
        mode: 'symlink',
        people: [c.bob],
      });
      const bob = symlinks.folders[0]!;
      expect(bob.folderName).toBe('Bob');
      const bobPhoto = (await core.handlers.people.photos(c.bob, { limit: 1 })).items[0]!;
      expect(await readlink(join(bob.path, bobPhoto.name))).toBe(bobPhoto.path);

      await expect(
        attempt(() => core.handlers.exports.people({ destination: join(firstDir, 'export'), mode: 'copy' })),
      ).rejects.toThrow(/inside the library folder/);
      expect(diffHashes(before, await hashTree(firstDir))).toEqual([]);
    } finally {
      await removeDir(out);
    }
  });
});
