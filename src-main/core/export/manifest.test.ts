import { lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MANIFEST_CSV,
  MANIFEST_JSON,
  manifestCsv,
  manifestJson,
  readManifest,
  saveManifest,
  type ManifestEntry,
} from './manifest.js';

const entry = (over: Partial<ManifestEntry>): ManifestEntry => ({
  group: 'person:1',
  folder: 'Alice',
  file: 'a.jpg',
  photoId: 1,
  mode: 'copy',
  source: '/photos/a.jpg',
  size: 10,
  sourceMtimeMs: 1000,
  ...over,
});

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facets-manifest-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('manifest text', () => {
  it('is the same bytes whatever order the entries come in', () => {
    const a = entry({ folder: 'B', file: 'x.jpg' });
    const b = entry({ folder: 'A', file: 'y.jpg' });
    const c = entry({ folder: 'A', file: 'a.jpg' });
    expect(manifestJson([a, b, c])).toBe(manifestJson([c, a, b]));
    expect(manifestCsv([a, b, c])).toBe(manifestCsv([b, c, a]));
  });

  it('CSV: one row per file with the agreed columns, quoted where needed, formulas defused', () => {
    const csv = manifestCsv([
      entry({ folder: 'Smith, John', file: 'say "hi".jpg', photoId: 7, mode: 'hardlink' }),
      entry({ folder: '=HYPERLINK("http://x")', file: 'b.jpg', photoId: 8, source: '/p/b.jpg' }),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('\ufeffgroup,folder,file,source,photo_id,mode');
    expect(lines[1]).toBe('person:1,"\'=HYPERLINK(""http://x"")",b.jpg,/p/b.jpg,8,copy');
    expect(lines[2]).toBe('person:1,"Smith, John","say ""hi"".jpg",/photos/a.jpg,7,hardlink');
    expect(lines[3]).toBe('');
  });
});

describe('reading and saving', () => {
  it('round-trips through disk and rewrites nothing when nothing changed', async () => {
    const entries = [entry({}), entry({ file: 'b.jpg', sha256: 'a'.repeat(64), fileMtimeMs: 1000 })];
    await saveManifest(dir, entries, await readManifest(dir));
    const first = await lstat(join(dir, MANIFEST_JSON));
    const stored = await readManifest(dir);
    expect(stored.entries).toEqual(entries);
    await saveManifest(dir, entries, stored);
    const second = await lstat(join(dir, MANIFEST_JSON));
    expect([second.ino, second.mtimeMs]).toEqual([first.ino, first.mtimeMs]);
    expect((await readdir(dir)).sort()).toEqual([MANIFEST_CSV, MANIFEST_JSON]); // no temp file left
  });

  it('replaces a changed manifest by rename (a new inode), never by writing into the old file', async () => {
    await saveManifest(dir, [entry({})], await readManifest(dir));
    const before = await lstat(join(dir, MANIFEST_JSON));
    await saveManifest(dir, [entry({ file: 'c.jpg' })], await readManifest(dir));
    const after = await lstat(join(dir, MANIFEST_JSON));
    expect(after.ino).not.toBe(before.ino);
    expect((await readManifest(dir)).entries.map((e) => e.file)).toEqual(['c.jpg']);
  });

  it('refuses a foreign file under the manifest names, and a symlink planted there', async () => {
    await writeFile(join(dir, MANIFEST_JSON), '{"something":"else"}');
    await expect(readManifest(dir)).rejects.toThrow(/not a Facets export manifest/);
    await rm(join(dir, MANIFEST_JSON));
    await writeFile(join(dir, MANIFEST_CSV), 'name,phone\r\n');
    await expect(readManifest(dir)).rejects.toThrow(/not written by a Facets export/);
    await rm(join(dir, MANIFEST_CSV));
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'm.json'), manifestJson([entry({})]));
    await symlink(join(outside, 'm.json'), join(dir, MANIFEST_JSON));
    await expect(readManifest(dir)).rejects.toThrow(/not a regular file/);
    expect(await readFile(join(outside, 'm.json'), 'utf8')).toBe(manifestJson([entry({})]));
  });

  it('a first run has no entries', async () => {
    expect((await readManifest(dir)).entries).toEqual([]);
  });
});
