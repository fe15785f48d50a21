import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../createCore.js';
import { isMediaFile, type MediaFile } from '../../../src-shared/util/media.js';
import { allPhotos, openTestCore, removeDir, scanToEnd, tempDir, writeJpeg } from '../../testing/fixtures.js';
import { diffHashes, hashTree } from '../../testing/treeHash.js';
import { DISPLAY_SIDE } from '../inference/photo/displayPhoto.js';

/* The `photo` media kind: an indexed photo rendered for the viewer, by id only, the original never touched. */
describe('photo media', () => {
  let photosDir: string;
  let libraryDir: string;
  let core: Core;
  let ids: Map<string, number>;
  let before: Map<string, string>;

  beforeAll(async () => {
    photosDir = await tempDir('photo-media');
    libraryDir = await tempDir('photo-media-lib');
    // Stored 3000×1000 landscape with EXIF orientation 6 (rotate 90° clockwise): displayed 1000×3000 portrait.
    await sharp({ create: { width: 3000, height: 1000, channels: 3, background: '#3366cc' } })
      .withMetadata({ orientation: 6 })
      .jpeg()
      .toFile(join(photosDir, 'rotated.jpg'));
    // 16-bit TIFF: browsers show no TIFF at all.
    await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080' } })
      .toColourspace('rgb16')
      .tiff()
      .toFile(join(photosDir, 'deep.tif'));
    await sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .png()
      .toFile(join(photosDir, 'clear.png'));
    await writeJpeg(join(photosDir, 'gone.jpg'), 1);
    await writeJpeg(join(photosDir, 'damaged.jpg'), 2);
    core = await openTestCore(libraryDir);
    const root = await core.handlers.library.addRoot(photosDir);
    await scanToEnd(core, [root.id]);
    ids = new Map((await allPhotos(core)).map((p) => [p.name, p.id]));
    expect([...ids.keys()].sort()).toEqual(['clear.png', 'damaged.jpg', 'deep.tif', 'gone.jpg', 'rotated.jpg']);
    before = await hashTree(photosDir);
  });

  afterAll(async () => {
    await core.close();
    await removeDir(photosDir);
    await removeDir(libraryDir);
  });

  async function shown(name: string): Promise<MediaFile & { width: number; height: number; format: string }> {
    const reply = await core.media('photo', ids.get(name)!);
    if (!isMediaFile(reply)) throw new Error(`${name}: ${reply.status} ${reply.message}`);
    const meta = await sharp(reply.bytes).metadata();
    return { ...reply, width: meta.width ?? 0, height: meta.height ?? 0, format: meta.format ?? '' };
  }

  it('applies EXIF rotation and caps the long side', async () => {
    const photo = await shown('rotated.jpg');
    expect(photo.mime).toBe('image/jpeg');
    expect(photo.format).toBe('jpeg');
    expect(photo.height).toBe(DISPLAY_SIDE);
    expect(photo.width).toBe(Math.round((DISPLAY_SIDE * 1000) / 3000));
  });

  it('re-encodes what a browser cannot show (16-bit TIFF) and flattens transparency, at the original size', async () => {
    expect(await shown('deep.tif')).toMatchObject({ format: 'jpeg', width: 400, height: 300 });
    const clear = await shown('clear.png');
    expect(clear).toMatchObject({ format: 'jpeg', width: 200, height: 100 });
    const { data } = await sharp(clear.bytes).raw().toBuffer({ resolveWithObject: true });
    expect(data[0]).toBeGreaterThan(240);
  });

  it('lists a photo URL for every photo with a thumbnail', async () => {
    const photos = await allPhotos(core);
    for (const photo of photos) expect(photo.photoUrl).toMatch(new RegExp(`/photo/${photo.id}$`));
  });

  it('never writes the originals', async () => {
    for (const name of ids.keys()) await shown(name);
    expect(diffHashes(before, await hashTree(photosDir))).toEqual([]);
  });

  it('answers 404 for unknown ids and files that are gone, 422 for files that no longer decode', async () => {
    expect(await core.media('photo', 999_999)).toEqual({ status: 404, message: 'not found' });
    expect(await core.media('photo', 0)).toEqual({ status: 404, message: 'not found' });
    expect(await core.media('photo', Number.NaN)).toEqual({ status: 404, message: 'not found' });

    await removeDir(join(photosDir, 'gone.jpg'));
    expect(await core.media('photo', ids.get('gone.jpg')!)).toEqual({ status: 404, message: 'the file is gone' });

    await writeFile(join(photosDir, 'damaged.jpg'), Buffer.from('not a picture at all'));
    const damaged = await core.media('photo', ids.get('damaged.jpg')!);
    expect(damaged).toMatchObject({ status: 422 });
    expect(isMediaFile(damaged) ? '' : damaged.message).toMatch(/^the photo could not be decoded/);
  });
});
