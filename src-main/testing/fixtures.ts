import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { createCore, type Core } from '../core/createCore.js';
import { defaultConfig, type CoreConfig } from '../core/config.js';

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `facets-test-${prefix}-`));
}

export function removeDir(dir: string): Promise<void> {
  return rm(dir, { recursive: true, force: true });
}

/** A small, real JPEG whose pixels (and so its hash) depend on `seed`. */
export async function writeJpeg(path: string, seed: number, width = 64, height = 48): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 7 + seed * 131 + ((i * seed) % 251)) & 0xff;
  await writeFile(
    path,
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
}

export async function openTestCore(libraryDir: string, overrides: Partial<CoreConfig> = {}): Promise<Core> {
  // Indexing (faces) is opted into by the tests about it: elsewhere it would only slow scans down.
  return createCore(defaultConfig(libraryDir, { workerCount: 2, autoIndex: false, ...overrides }));
}

/** Scans the given root ids (all when omitted) to the end and returns the final progress. */
export async function scanToEnd(core: Core, rootIds?: Parameters<Core['handlers']['library']['startScan']>[0]) {
  const started = await core.handlers.library.startScan(rootIds);
  return core.waitForJob(started.jobId);
}

export async function allPhotos(core: Core) {
  const page = await core.handlers.photos.list({ limit: 1000, sort: 'path' });
  return page.items;
}
