import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhotoSummary } from '../../../src-shared/types/photo.js';
import { writeTinyClipPack } from '../clip/testing/tinyClipPack.js';
import type { Core } from '../createCore.js';
import { allPhotos, openTestCore, removeDir, scanToEnd, tempDir } from '../../testing/fixtures.js';
import { renderTextPhoto, TEXT_PHOTOS } from '../../testing/textPhotos.js';

/*
 * Text search end to end through the contract: photos with rendered words are read by the text job (PP-OCRv4) and
 * found by their words; then a CLIP pack (the test-only FAKE tiny pack: its encoders project mean colour, and "red",
 * "green", "blue" point where pure colours land) is installed from a folder, the photos embedded, and search blends it.
 */
const REFERENCE = join('..', 'shared', 'models', 'clip-vit-base-patch32-tokenizer');
const WORDS = TEXT_PHOTOS.slice(0, 3);
const COLOURS = { red: '#e01010', green: '#10c020', blue: '#1020e0' } as const;

describe('text search over read text, and with a CLIP pack', () => {
  let photosDir: string;
  let libraryDir: string;
  let packDir: string;
  let core: Core;
  let byName: Map<string, PhotoSummary>;

  beforeAll(async () => {
    photosDir = await tempDir('search-photos');
    libraryDir = await tempDir('search-library');
    packDir = await tempDir('search-pack');
    for (const spec of WORDS) await writeFile(join(photosDir, `${spec.name}.jpg`), await renderTextPhoto(spec));
    for (const [name, colour] of Object.entries(COLOURS)) {
      await sharp({ create: { width: 320, height: 240, channels: 3, background: colour } })
        .jpeg()
        .toFile(join(photosDir, `${name}-wall.jpg`));
    }
    await sharp({ create: { width: 200, height: 200, channels: 3, background: '#888888' } })
      .jpeg()
      .toFile(join(photosDir, 'vanishing.jpg'));
    core = await openTestCore(libraryDir);
    await core.handlers.library.addRoot(photosDir);
    await scanToEnd(core);
    await rm(join(photosDir, 'vanishing.jpg'));
    const text = await core.waitForJob((await core.handlers.library.startText()).jobId);
    expect(text.state).toBe('done');
    byName = new Map((await allPhotos(core)).map((p) => [p.name, p]));
  }, 300_000);

  afterAll(async () => {
    await core.close();
    await removeDir(photosDir);
    await removeDir(libraryDir);
    await removeDir(packDir);
  });

  it('finds each photo by the words drawn into it, saying the text matched', async () => {
    for (const [query, file] of [
      ['welcome to paris', 'plain-white-two-lines.jpg'],
      ['harbour station', 'plain-navy-light-text.jpg'],
      ['pharmacy', 'plain-cream-small.jpg'],
    ] as const) {
      const result = await core.handlers.search.text({ text: query });
      expect(result.engine).toBe('offline');
      expect(result.items[0]?.photo.name, query).toBe(file);
      expect(result.items[0]?.reasons.some((r) => r.kind === 'text' && r.field === 'ocr')).toBe(true);
    }
  });

  it('records why a photo gave no text, and answers a query nothing matches with no photos', async () => {
    const job = (await core.handlers.jobs.list()).find((j) => j.kind === 'text')!;
    expect(job.problems).toBe(1);
    expect(byName.has('vanishing.jpg')).toBe(true);
    expect((await core.handlers.search.text({ text: 'xylophone' })).items).toEqual([]);
  });

  it('installs a CLIP pack from a folder, embeds every photo and blends CLIP into the ranking', async () => {
    expect((await core.handlers.clip.status()).installed).toEqual([]);
    writeTinyClipPack(packDir, { referenceDir: REFERENCE, id: 'tiny-fake' });
    const install = await core.waitForJob((await core.handlers.clip.install({ folder: packDir })).jobId);
    expect(install.state).toBe('done');
    const embedJob = (await core.handlers.jobs.list()).find((j) => j.kind === 'clip')!;
    const embedded = await core.waitForJob(embedJob.jobId);
    expect(embedded.state).toBe('done');
    const status = await core.handlers.clip.status();
    expect(status.active?.id).toBe('tiny-fake');
    // Every photo but the one that vanished after the scan (recorded as the embedding job's one problem).
    expect(status.photosEmbedded).toBe(status.photos - 1);
    expect(embedded.problems).toBe(1);

    for (const colour of Object.keys(COLOURS)) {
      const result = await core.handlers.search.text({ text: colour });
      expect(result.engine).toBe('offline+clip');
      expect(result.items[0]?.photo.name, colour).toBe(`${colour}-wall.jpg`);
      expect(result.items[0]?.reasons).toContainEqual({ kind: 'clip', score: expect.any(Number) });
    }
    // The read text still answers its own words with CLIP blended in.
    expect((await core.handlers.search.text({ text: 'harbour station' })).items[0]?.photo.name).toBe(
      'plain-navy-light-text.jpg',
    );

    expect((await core.handlers.clip.activate(null)).active).toBeNull();
    expect((await core.handlers.search.text({ text: 'red' })).engine).toBe('offline');
  });

  it('refuses a pack whose file does not match its checksum and keeps the installed one', async () => {
    const bad = await tempDir('search-bad-pack');
    try {
      writeTinyClipPack(bad, { referenceDir: REFERENCE, id: 'tiny-fake', version: '2.0.0' });
      const manifest = JSON.parse(await readFile(join(bad, 'facets-clip-pack.json'), 'utf8')) as {
        files: { path: string; role: string }[];
      };
      const encoder = manifest.files.find((f) => f.role === 'image-encoder')!.path;
      await writeFile(join(bad, encoder), Buffer.from('tampered'));
      const seen: string[] = [];
      const unsubscribe = core.events.on('job.progress', (p) => seen.push(`${p.kind}:${p.state}`));
      const job = await core.waitForJob((await core.handlers.clip.install({ folder: bad })).jobId);
      unsubscribe();
      expect(job.state).toBe('failed');
      // Clients hear that it failed (a failing job's own reporter never gets to say so).
      expect(seen.at(-1)).toBe('pack:failed');
      expect(job.error).toMatch(/the manifest pins .*; the pack was not installed/);
      const status = await core.handlers.clip.status();
      expect(status.installed.map((p) => `${p.id}@${p.version}`)).toEqual(['tiny-fake@1']);
    } finally {
      await removeDir(bad);
    }
  });
});
