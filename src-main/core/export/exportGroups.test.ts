import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  exportGroups,
  type ExportGroup,
  type ExportItem,
  type ExportOptions,
  type ExportReport,
} from './exportGroups.js';
import { MANIFEST_CSV, MANIFEST_JSON } from './manifest.js';
import { hardLinkFailure, TEMP_PREFIX } from './placeFile.js';

/*
 * The exporter against real files in temp dirs: small JPEGs made by sharp stand in for originals, hashed before and
 * after every test (they must stay byte-identical, same inode, same mtime).
 */

/** Originals get an old mtime, so "the copy kept the mtime" cannot pass by both having been made just now. */
const OLD_MTIME = new Date('2001-02-03T04:05:06.789Z');
const COLORS = ['#d33', '#3a6', '#36c', '#fc0', '#909'];

let dir: string;
let originals: string;
let destination: string;
let photos: ExportItem[];
/** A photo whose path is not valid UTF-8. */
let rawPhoto: ExportItem;
let originalState: Map<string, string>;

const jpeg = (color: string): Promise<Buffer> =>
  sharp({ create: { width: 24, height: 16, channels: 3, background: color } })
    .jpeg()
    .toBuffer();

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Content hash, inode and mtime of every original: what "never modified, moved or rewritten" means here. */
async function stateOf(items: readonly ExportItem[]): Promise<Map<string, string>> {
  const state = new Map<string, string>();
  for (const item of items) {
    const stats = await stat(item.source);
    state.set(String(item.photoId), `${sha256(await readFile(item.source))} ${stats.ino} ${stats.mtimeMs}`);
  }
  return state;
}

type Entry = Readonly<{ kind: string; ino: number; mtimeMs: number; size: number; link?: string }>;

/** Every entry below `root` (links not followed): what "a re-run changes nothing" is checked against. */
async function snapshot(root: string): Promise<Map<string, Entry>> {
  const result = new Map<string, Entry>();
  const walk = async (rel: string): Promise<void> => {
    for (const name of await readdir(join(root, rel))) {
      const path = join(root, rel, name);
      const s = await lstat(path);
      const kind = s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'link' : 'file';
      const link = s.isSymbolicLink() ? await readlink(path) : undefined;
      result.set(join(rel, name), { kind, ino: s.ino, mtimeMs: s.mtimeMs, size: s.size, ...(link ? { link } : {}) });
      if (s.isDirectory()) await walk(join(rel, name));
    }
  };
  await walk('');
  return result;
}

const run = (groups: readonly ExportGroup[], options: Partial<ExportOptions> = {}): Promise<ExportReport> =>
  exportGroups(groups, { destination, mode: 'copy', ...options });

const people = (): ExportGroup[] => [
  { key: 'person:1', folderName: 'Alice', items: [photos[0]!, photos[1]!, rawPhoto] },
  { key: 'person:2', folderName: 'Bob', items: [photos[1]!, photos[2]!] },
];

const filesIn = (report: ExportReport) =>
  report.folders.flatMap((f) => f.files.map((x) => `${f.folderName}/${x.name}`));

beforeEach(async () => {
  // Real path: the report gives resolved paths, and tmpdir() is itself a symlink on some systems (macOS).
  dir = await realpath(await mkdtemp(join(tmpdir(), 'facets-export-')));
  originals = join(dir, 'originals');
  destination = join(dir, 'out');
  await mkdir(originals);
  photos = [];
  for (const [i, color] of COLORS.entries()) {
    const path = join(originals, `IMG_${i}.jpg`);
    await writeFile(path, await jpeg(color));
    await utimes(path, OLD_MTIME, OLD_MTIME);
    photos.push({ photoId: i + 1, source: path, name: `IMG_${i}.jpg` });
  }
  const rawPath = Buffer.concat([Buffer.from(`${originals}/caf`), Buffer.from([0xe9]), Buffer.from('.jpg')]);
  await writeFile(rawPath, await jpeg('#123'));
  await utimes(rawPath, OLD_MTIME, OLD_MTIME);
  rawPhoto = { photoId: 99, source: rawPath, name: rawPath.toString('utf8').split('/').pop()! };
  originalState = await stateOf([...photos, rawPhoto]);
});

afterEach(async () => {
  // Every test, whatever it did, must leave the originals exactly as they were (the vanished one aside).
  const left = [...photos, rawPhoto].filter((p) => existsSync(p.source));
  const after = await stateOf(left);
  for (const [id, value] of after) expect(value, `original ${id}`).toBe(originalState.get(id));
  await rm(dir, { recursive: true, force: true });
});

describe('copy', () => {
  it('writes one folder per group with byte-identical copies that keep the mtime, and a manifest', async () => {
    const report = await run(people());
    expect(report.counts).toEqual({ written: 5, unchanged: 0, renamedForCollision: 0, stale: 0, failed: 0 });
    expect((await readdir(destination)).sort()).toEqual(['Alice', 'Bob', MANIFEST_CSV, MANIFEST_JSON]);
    for (const file of report.folders.flatMap((f) => f.files)) {
      const item = [...photos, rawPhoto].find((p) => p.photoId === file.photoId)!;
      const [copy, original] = [await stat(file.path), await stat(item.source)];
      expect(sha256(await readFile(file.path))).toBe(sha256(await readFile(item.source)));
      expect(copy.ino).not.toBe(original.ino);
      expect(copy.nlink).toBe(1);
      expect(Math.abs(copy.mtimeMs - OLD_MTIME.getTime())).toBeLessThan(1);
    }
    expect((await readdir(join(destination, 'Alice'))).sort()).toEqual(['IMG_0.jpg', 'IMG_1.jpg', 'caf\ufffd.jpg']);
    const csv = (await readFile(join(destination, MANIFEST_CSV), 'utf8')).split('\r\n');
    expect(csv).toContain(`person:2,Bob,IMG_2.jpg,${photos[2]!.source as string},3,copy`);
    const json = JSON.parse(await readFile(join(destination, MANIFEST_JSON), 'utf8')) as { files: unknown[] };
    expect(json.files).toHaveLength(5);
  });

  it('re-running changes nothing: all unchanged, same inodes and mtimes, manifest untouched', async () => {
    await run(people());
    const before = await snapshot(destination);
    const report = await run(people());
    expect(report.counts).toEqual({ written: 0, unchanged: 5, renamedForCollision: 0, stale: 0, failed: 0 });
    expect(await snapshot(destination)).toEqual(before);
  });

  it('recognises its copies by content when the manifest is gone', async () => {
    await run(people());
    await unlink(join(destination, MANIFEST_JSON));
    await unlink(join(destination, MANIFEST_CSV));
    const folders = await snapshot(join(destination, 'Alice'));
    const report = await run(people());
    expect(report.counts.unchanged).toBe(5);
    expect(await snapshot(join(destination, 'Alice'))).toEqual(folders);
  });

  it('never overwrites a different file under the same name: the new one gets "name (2)"', async () => {
    await mkdir(join(destination, 'Alice'), { recursive: true });
    const foreign = join(destination, 'Alice', 'IMG_0.jpg');
    await writeFile(foreign, 'the user’s own file');
    const report = await run([{ key: 'person:1', folderName: 'Alice', items: [photos[0]!] }]);
    expect(await readFile(foreign, 'utf8')).toBe('the user’s own file');
    expect(report.folders[0]!.files[0]).toMatchObject({ name: 'IMG_0 (2).jpg', renamedForCollision: true });
    expect(report.counts.renamedForCollision).toBe(1);
    expect(sha256(await readFile(join(destination, 'Alice', 'IMG_0 (2).jpg')))).toBe(
      sha256(await readFile(photos[0]!.source)),
    );
    expect((await run([{ key: 'person:1', folderName: 'Alice', items: [photos[0]!] }])).counts.unchanged).toBe(1);
  });

  /** Exports two photos sharing one display name, then again in reverse order: each must keep its file. */
  async function expectNamesStickWhenOrderFlips(twins: readonly ExportItem[], names: readonly string[]): Promise<void> {
    const group = (items: readonly ExportItem[]) => [{ key: 'person:1', folderName: 'Alice', items }];
    const first = await run(group(twins));
    const expected = twins.map((t, i) => [t.photoId, names[i]]);
    expect(first.folders[0]!.files.map((f) => [f.photoId, f.name])).toEqual(expected);
    expect(first.counts.written).toBe(2);
    const before = await snapshot(destination);
    const again = await run(group([...twins].reverse()));
    expect(again.folders[0]!.files.map((f) => [f.photoId, f.name])).toEqual([...expected].reverse());
    expect(again.counts.unchanged).toBe(2);
    expect(await snapshot(destination)).toEqual(before);
  }

  it('gives two different photos with one name "name" and "name (2)", stable when their order flips', async () => {
    const twins = [
      { ...photos[0]!, name: 'holiday.jpg' },
      { ...photos[1]!, name: 'holiday.jpg' },
    ];
    await expectNamesStickWhenOrderFlips(twins, ['holiday.jpg', 'holiday (2).jpg']);
  });

  it('duplicates of one picture (same bytes, two photos, one name) get a file each, kept when the order flips', async () => {
    const copyOf = join(originals, 'copy-of-IMG_0.jpg');
    await writeFile(copyOf, await readFile(photos[0]!.source));
    const twins = [
      { ...photos[0]!, name: 'same.jpg' },
      { photoId: 60, source: copyOf, name: 'same.jpg' },
    ];
    await expectNamesStickWhenOrderFlips(twins, ['same.jpg', 'same (2).jpg']);
  });

  it('an original edited since its export gets a new copy beside the old one, which is reported stale', async () => {
    const edited = join(originals, 'edited.jpg');
    await writeFile(edited, await jpeg('#eee'));
    const item = { photoId: 50, source: edited, name: 'edited.jpg' };
    await run([{ key: 'person:1', folderName: 'Alice', items: [item] }]);
    const oldCopy = await readFile(join(destination, 'Alice', 'edited.jpg'));
    await writeFile(edited, await jpeg('#111'));
    const report = await run([{ key: 'person:1', folderName: 'Alice', items: [item] }]);
    expect(await readFile(join(destination, 'Alice', 'edited.jpg'))).toEqual(oldCopy);
    expect(report.folders[0]!.files[0]!.name).toBe('edited (2).jpg');
    expect(report.stale.map((s) => s.path)).toEqual([join(destination, 'Alice', 'edited.jpg')]);
  });
});

describe('hard links', () => {
  it('links to the original itself (same dev+ino, nlink grows) and re-runs leave them alone', async () => {
    const report = await run(people(), { mode: 'hardlink' });
    expect(report.counts.written).toBe(5);
    for (const file of report.folders.flatMap((f) => f.files)) {
      const item = [...photos, rawPhoto].find((p) => p.photoId === file.photoId)!;
      const [linked, original] = [await stat(file.path), await stat(item.source)];
      expect([linked.dev, linked.ino]).toEqual([original.dev, original.ino]);
    }
    expect((await stat(photos[0]!.source)).nlink).toBe(2);
    expect((await stat(photos[1]!.source)).nlink).toBe(3); // in Alice and in Bob
    const before = await snapshot(destination);
    expect((await run(people(), { mode: 'hardlink' })).counts.unchanged).toBe(5);
    expect(await snapshot(destination)).toEqual(before);
    expect((await stat(photos[1]!.source)).nlink).toBe(3);
  });

  it('links the original itself when its path is a symlink (link() would link the symlink)', async () => {
    const alias = join(dir, 'alias.jpg');
    await symlink(photos[0]!.source as string, alias);
    const item = { ...photos[0]!, source: alias };
    const report = await run([{ key: 'person:1', folderName: 'Alice', items: [item] }], { mode: 'hardlink' });
    const linked = await lstat(report.folders[0]!.files[0]!.path);
    expect(linked.isFile()).toBe(true);
    expect(linked.ino).toBe((await stat(photos[0]!.source)).ino);
    const again = await run([{ key: 'person:1', folderName: 'Alice', items: [item] }], { mode: 'hardlink' });
    expect(again.counts.unchanged).toBe(1);
  });

  // tmpfs: a second file system beside the temp dir on Linux, where a hard link really fails with EXDEV.
  const shm = '/dev/shm';
  const otherDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev;
  it.runIf(otherDevice)(
    'across drives fails that file with a reason naming copy, and falls back to nothing',
    async () => {
      const elsewhere = await mkdtemp(join(shm, 'facets-export-'));
      try {
        const remote = join(elsewhere, 'far.jpg');
        await writeFile(remote, await jpeg('#0aa'));
        const items = [photos[0]!, { photoId: 77, source: remote, name: 'far.jpg' }];
        const report = await run([{ key: 'person:1', folderName: 'Alice', items }], { mode: 'hardlink' });
        expect(report.counts).toMatchObject({ written: 1, failed: 1 });
        expect(report.failures[0]).toMatchObject({ photoId: 77, source: remote });
        expect(report.failures[0]!.reason).toMatch(/different drive.*copy/);
        expect(await readdir(join(destination, 'Alice'))).toEqual(['IMG_0.jpg']);
        expect((await stat(remote)).nlink).toBe(1);
      } finally {
        await rm(elsewhere, { recursive: true, force: true });
      }
    },
  );

  it('explains every refusal as "use copy"', () => {
    for (const code of ['EXDEV', 'EPERM', 'ENOTSUP', 'EMLINK']) expect(hardLinkFailure(code)).toMatch(/with copy/);
  });
});

describe('symlinks', () => {
  it('point at the absolute original, byte for byte, and re-runs leave them alone', async () => {
    const report = await run(people(), { mode: 'symlink' });
    expect(report.counts.written).toBe(5);
    const raw = report.folders[0]!.files.find((f) => f.photoId === 99)!;
    expect(await readlink(raw.path, { encoding: 'buffer' })).toEqual(rawPhoto.source);
    expect(await readlink(join(destination, 'Bob', 'IMG_2.jpg'))).toBe(photos[2]!.source);
    const before = await snapshot(destination);
    expect((await run(people(), { mode: 'symlink' })).counts.unchanged).toBe(5);
    expect(await snapshot(destination)).toEqual(before);
  });

  it('records a non-UTF-8 original exactly in the manifest', async () => {
    await run([{ key: 'person:1', folderName: 'Alice', items: [rawPhoto] }], { mode: 'symlink' });
    const json = JSON.parse(await readFile(join(destination, MANIFEST_JSON), 'utf8')) as {
      files: { sourceBytes?: string }[];
    };
    expect(Buffer.from(json.files[0]!.sourceBytes!, 'base64')).toEqual(rawPhoto.source);
  });
});

describe('names and containment', () => {
  it('keeps hostile folder and file names inside the destination', async () => {
    const hostile = ['..', '../escape', '../../x', '/etc', 'a/b', 'a\\b', 'CON', 'con.txt', 'x. ', ''];
    const groups = hostile.map((folderName, i) => ({
      key: `g:${i}`,
      folderName,
      items: [{ ...photos[i % photos.length]!, name: hostile[(i + 1) % hostile.length]! }],
    }));
    const report = await run(groups);
    expect(report.counts.failed).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['originals', 'out']);
    expect((await readdir(originals)).length).toBe(6);
    const top = await readdir(destination);
    expect(top).toHaveLength(hostile.length + 2);
    for (const folder of report.folders) {
      expect(join(destination, folder.folderName)).toBe(folder.path);
      for (const file of folder.files) expect(join(folder.path, file.name)).toBe(file.path);
    }
    expect(report.folders.map((f) => f.folderName)).toEqual([
      'Unnamed',
      '_escape',
      '_.._x',
      '_etc',
      'a_b',
      'a_b (2)',
      '_CON',
      '_con.txt',
      'x',
      'Unnamed (2)',
    ]);
    // A file whose display name was "" (or all traversal) is named after the photo, keeping the original's extension.
    expect(report.folders[8]!.files[0]!.name).toBe(`photo-${photos[3]!.photoId}.jpg`);
  });

  it('never writes through a symlinked folder pointing outside the destination', async () => {
    const outside = join(dir, 'outside');
    await mkdir(outside);
    await mkdir(destination);
    await symlink(outside, join(destination, 'Alice'));
    const report = await run([{ key: 'person:1', folderName: 'Alice', items: [photos[0]!] }]);
    expect(await readdir(outside)).toEqual([]);
    expect(report.folders[0]).toMatchObject({ folderName: 'Alice (2)', renamedForCollision: true });
    expect((await lstat(join(destination, 'Alice (2)'))).isDirectory()).toBe(true);
  });

  it('two groups with one sanitized name get "Name (2)", each keeping its folder when their order flips', async () => {
    const groups: ExportGroup[] = [
      { key: 'person:1', folderName: 'Sam', items: [photos[0]!] },
      { key: 'person:2', folderName: 'sam', items: [photos[1]!] },
    ];
    const first = await run(groups);
    expect(first.folders.map((f) => [f.key, f.folderName])).toEqual([
      ['person:1', 'Sam'],
      ['person:2', 'sam (2)'],
    ]);
    const before = await snapshot(destination);
    const flipped = await run([...groups].reverse());
    expect(flipped.folders.map((f) => [f.key, f.folderName])).toEqual([
      ['person:2', 'sam (2)'],
      ['person:1', 'Sam'],
    ]);
    expect(flipped.counts.unchanged).toBe(2);
    expect(await snapshot(destination)).toEqual(before);
  });
});

describe('stale files and failures', () => {
  it('reports files no longer in a group as stale and never deletes them', async () => {
    await run(people());
    const fewer = people();
    const report = await run([{ ...fewer[0]!, items: [photos[0]!] }, fewer[1]!]);
    expect(report.counts).toMatchObject({ written: 0, unchanged: 3, stale: 2 });
    expect(report.stale.map((s) => s.path).sort()).toEqual(
      [join(destination, 'Alice', 'IMG_1.jpg'), join(destination, 'Alice', 'caf\ufffd.jpg')].sort(),
    );
    for (const s of report.stale) expect(existsSync(s.path)).toBe(true);
    // Still reported on the next run (the manifest keeps them), until the user removes them.
    await unlink(join(destination, 'Alice', 'IMG_1.jpg'));
    expect((await run([{ ...fewer[0]!, items: [photos[0]!] }, fewer[1]!])).counts.stale).toBe(1);
  });

  it('a renamed person gets a new folder; the old one is left in place and reported stale', async () => {
    await run(people());
    const renamed = people().map((g) => (g.key === 'person:1' ? { ...g, folderName: 'Alicia' } : g));
    const report = await run(renamed);
    expect(report.counts).toMatchObject({ written: 3, unchanged: 2, stale: 3 });
    expect(
      report.stale.every((s) => s.groupKey === 'person:1' && s.path.includes(`${join(destination, 'Alice')}/`)),
    ).toBe(true);
    expect(await readdir(join(destination, 'Alice'))).toHaveLength(3);
  });

  it('a vanished original is a failure with a reason; the rest is exported', async () => {
    await unlink(photos[1]!.source);
    const report = await run(people());
    expect(report.counts).toMatchObject({ written: 3, failed: 2 });
    expect(report.failures.map((f) => [f.groupKey, f.photoId])).toEqual([
      ['person:1', 2],
      ['person:2', 2],
    ]);
    expect(report.failures[0]!.reason).toMatch(/missing/);
    expect(report.failures[0]!.source).toBe(photos[1]!.source);
  });

  it('refuses a relative source path as a failure', async () => {
    const report = await run([
      { key: 'k', folderName: 'K', items: [{ photoId: 5, source: 'rel/a.jpg', name: 'a.jpg' }] },
    ]);
    expect(report.failures[0]!.reason).toMatch(/not absolute/);
  });

  it('rejects duplicate group keys, a relative destination and a destination that is a file', async () => {
    await expect(run([people()[0]!, { ...people()[1]!, key: 'person:1' }])).rejects.toThrow(/distinct keys/);
    await expect(run(people(), { destination: 'relative/out' })).rejects.toThrow(/must be absolute/);
    await writeFile(destination, 'a file');
    await expect(run(people())).rejects.toThrow(/is not a folder/);
  });

  it('rejects a destination holding a foreign facets-export.json, writing nothing', async () => {
    await mkdir(destination);
    await writeFile(join(destination, MANIFEST_JSON), '[1,2,3]');
    await expect(run(people())).rejects.toThrow(/not a Facets export manifest/);
    expect(await readdir(destination)).toEqual([MANIFEST_JSON]);
  });
});

describe('dry run, progress and abort', () => {
  it('a dry run reports the same plan as the real run and writes nothing', async () => {
    await mkdir(join(destination, 'Bob'), { recursive: true });
    await writeFile(join(destination, 'Bob', 'IMG_2.jpg'), 'foreign');
    const before = await snapshot(destination);
    const dry = await run(people(), { dryRun: true });
    expect(await snapshot(destination)).toEqual(before);
    const real = await run(people());
    expect(dry.dryRun).toBe(true);
    expect(filesIn(dry)).toEqual(filesIn(real));
    expect(filesIn(dry)).toContain('Bob/IMG_2 (2).jpg');
    expect(dry.counts).toEqual(real.counts);
    const after = await snapshot(destination);
    expect((await run(people(), { dryRun: true })).counts.unchanged).toBe(5);
    expect(await snapshot(destination)).toEqual(after);
  });

  it('a dry run into a folder that does not exist creates nothing', async () => {
    const report = await run(people(), { dryRun: true, mode: 'hardlink' });
    expect(report.counts.written).toBe(5);
    expect(existsSync(destination)).toBe(false);
  });

  it('reports progress for every file', async () => {
    const seen: [number, number][] = [];
    await run(people(), { onProgress: (p) => seen.push([p.done, p.total]) });
    expect(seen).toEqual([0, 1, 2, 3, 4, 5].map((done) => [done, 5]));
  });

  it('abort stops between files, leaves no temp file, records what was done; a re-run completes', async () => {
    const controller = new AbortController();
    const run1 = run(people(), {
      signal: controller.signal,
      onProgress: (p) => p.done === 2 && controller.abort(new Error('stop')),
    });
    await expect(run1).rejects.toThrow('stop');
    const written = [...(await snapshot(destination)).keys()];
    expect(written.filter((p) => p.includes(TEMP_PREFIX) || p.endsWith('.tmp'))).toEqual([]);
    expect(written.filter((p) => p.endsWith('.jpg'))).toHaveLength(2);
    const json = JSON.parse(await readFile(join(destination, MANIFEST_JSON), 'utf8')) as { files: unknown[] };
    expect(json.files).toHaveLength(2);
    const report = await run(people());
    expect(report.counts).toMatchObject({ written: 3, unchanged: 2, stale: 0 });
  });
});
