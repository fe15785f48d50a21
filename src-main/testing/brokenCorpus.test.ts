import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config.js';
import { scanFile, type ScanFileOptions, type ScanFileResult } from '../core/scan/scanFile.js';
import { displayPath } from '../core/scan/walk.js';
import { buildBrokenCorpus, HUGE_FILE_BYTES, type CorpusCase } from './brokenCorpus.js';

const config = defaultConfig(tmpdir());
const OPTIONS: ScanFileOptions = {
  thumbSize: config.thumbSize,
  maxPixels: config.maxPixels,
  maxFileBytes: config.maxFileBytes,
};

/** What "never written" means for one file: same bytes (sha-256), same size, same modification time. */
async function fingerprint(path: Buffer): Promise<string> {
  const stats = await lstat(path);
  if (stats.isSymbolicLink()) return `link -> ${(await readlink(path, { encoding: 'buffer' })).toString('hex')}`;
  if (!stats.isFile()) return stats.isDirectory() ? 'folder' : 'special';
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch {
    return `unreadable ${stats.size} ${stats.mtimeMs}`;
  }
  return `${hash.digest('hex')} ${stats.size} ${stats.mtimeMs}`;
}

function nameOf(path: Buffer): string {
  return displayPath(path.subarray(path.lastIndexOf('/') + 1));
}

function outcome(result: ScanFileResult): string {
  return result.kind === 'photo' ? `${result.status}/${result.problem?.code ?? '-'}` : result.kind;
}

describe('the broken-file corpus', () => {
  let dir: string;
  let cases: CorpusCase[];
  const results = new Map<CorpusCase, ScanFileResult>();
  const before = new Map<CorpusCase, string>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'facets-corpus-'));
    cases = await buildBrokenCorpus(dir);
    for (const c of cases) before.set(c, await fingerprint(c.path));
    for (const c of cases) {
      // A throw here fails the whole suite: "no crash" is the first property under test.
      results.set(c, await scanFile(c.path, nameOf(c.path), OPTIONS));
    }
    console.log(cases.map((c) => `${c.label.padEnd(42)} ${outcome(results.get(c)!)}`).join('\n'));
  });

  afterAll(async () => {
    if (!dir) return;
    for (const c of cases ?? []) await chmod(c.path, 0o644).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('holds at least 30 distinct kinds of broken or odd files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
    expect(new Set(cases.map((c) => c.label)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.path.toString('hex'))).size).toBe(cases.length);
    expect(HUGE_FILE_BYTES).toBeGreaterThan(OPTIONS.maxFileBytes);
  });

  it('records every file as expected', () => {
    const mismatches = cases
      .map((c) => ({
        label: c.label,
        expected: c.expect === 'ignored' ? 'ignored' : `${c.expect.status}/${c.expect.code ?? '-'}`,
        got: outcome(results.get(c)!),
      }))
      .filter((row) => row.expected !== row.got);
    expect(mismatches).toEqual([]);
  });

  it('gives every record that is not ok a reason a person can read', () => {
    for (const c of cases) {
      const result = results.get(c)!;
      if (result.kind !== 'photo' || result.status === 'ok') continue;
      expect(result.problem, c.label).not.toBeNull();
      expect(result.problem!.message.length, c.label).toBeGreaterThan(10);
      expect(result.problem!.message, c.label).toMatch(/^[A-Z]/);
    }
  });

  it('reports display sizes, EXIF rotation applied', () => {
    for (const c of cases.filter((c) => c.size)) {
      expect(results.get(c), c.label).toMatchObject({ kind: 'photo', width: c.size!.width, height: c.size!.height });
    }
    const rotated = cases.find((c) => c.label === 'EXIF orientation 6')!;
    expect(results.get(rotated)).toMatchObject({ orientation: 6, width: 40, height: 60 });
  });

  it('reads EXIF where the case is about it', () => {
    for (const c of cases.filter((c) => c.exif)) {
      const result = results.get(c)!;
      if (result.kind !== 'photo') throw new Error(`${c.label}: not a photo record`);
      const { gps, ...rest } = c.exif!;
      expect(result.exif, c.label).toMatchObject(rest);
      if (gps === null) expect(result.exif.gps, c.label).toBeNull();
      if (gps) {
        expect(result.exif.gps?.latitude, c.label).toBeCloseTo(gps.latitude, 6);
        expect(result.exif.gps?.longitude, c.label).toBeCloseTo(gps.longitude, 6);
        expect(result.exif.gps?.altitude, c.label).toBe(gps.altitude);
      }
    }
  });

  it('makes a thumbnail for every ok and damaged photo that decodes, fits 320 px and matches its record', async () => {
    for (const c of cases) {
      const result = results.get(c)!;
      if (result.kind !== 'photo') continue;
      if (result.status === 'ok') expect(result.thumbnail, c.label).not.toBeNull();
      if (!result.thumbnail) continue;
      const meta = await sharp(result.thumbnail.bytes).metadata();
      expect(meta.format, c.label).toBe('webp');
      expect([meta.width, meta.height], c.label).toEqual([result.thumbnail.width, result.thumbnail.height]);
      expect(Math.max(meta.width, meta.height), c.label).toBeLessThanOrEqual(OPTIONS.thumbSize);
      // Same shape as the photo (rotation applied), give or take rounding.
      if (result.width && result.height && Math.min(result.width, result.height) >= 20) {
        expect(meta.width / meta.height, c.label).toBeCloseTo(result.width / result.height, 1);
      }
    }
  });

  it('hashes exactly the bytes of the file, and only files it read whole', async () => {
    for (const c of cases) {
      const result = results.get(c)!;
      if (result.kind !== 'photo' || !result.contentHash) continue;
      const expected = createHash('sha256')
        .update(await readFile(c.path))
        .digest('hex');
      expect(Buffer.from(result.contentHash).toString('hex'), c.label).toBe(expected);
    }
    for (const label of ['zero bytes', 'file over the size limit (sparse)', 'random bytes named .jpg']) {
      expect(results.get(cases.find((c) => c.label === label)!), label).toMatchObject({ contentHash: null });
    }
  });

  it('never writes to the originals', async () => {
    for (const c of cases) expect(await fingerprint(c.path), c.label).toBe(before.get(c));
  });
});

describe('real photos', () => {
  const demo = resolve('node_modules/@vladmandic/face-api/demo');
  const datasets = resolve('../shared/datasets');
  const real: { file: string; format: string }[] = [
    ...[1, 2, 3, 4, 5, 6].map((n) => ({ file: join(demo, `sample${n}.jpg`), format: 'jpeg' })),
    { file: join(datasets, 'faces/images/face_00001.jpg'), format: 'jpeg' },
    { file: join(datasets, 'faces/images/face_00961.webp'), format: 'webp' },
    { file: join(datasets, 'faces/images/face_00870.png'), format: 'png' }, // grayscale PNG
    { file: join(datasets, 'text/imagenet/images/inet_00038.jpg'), format: 'jpeg' }, // grayscale JPEG
  ];

  // The research datasets live beside the repository, not in it: where they are absent only the demo photos run.
  it.each(real.filter((photo) => existsSync(photo.file) || photo.file.startsWith(demo)))(
    'scans $file as an ok $format photo',
    async ({ file, format }) => {
      const result = await scanFile(Buffer.from(file), file, OPTIONS);
      expect(result).toMatchObject({ kind: 'photo', status: 'ok', problem: null, format });
      if (result.kind !== 'photo' || !result.thumbnail) throw new Error('no thumbnail');
      const meta = await sharp(result.thumbnail.bytes).metadata();
      expect(Math.max(meta.width, meta.height)).toBeLessThanOrEqual(OPTIONS.thumbSize);
      expect(result.width).toBeGreaterThan(0);
    },
  );
});
