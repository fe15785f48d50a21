import { mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportMode } from './exportTypes.js';
import { createPlacer, sourceFailure, type Source } from './placeFile.js';

/*
 * The no-overwrite guarantee at the lowest level: even when a name is taken between the exporter's check and its
 * write (a race the exporter cannot rule out), create() reports 'exists' and the file there is left as it was.
 */

let dir: string;
let source: Source;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(join(tmpdir(), 'facets-place-')));
  const path = join(dir, 'original.jpg');
  await writeFile(path, 'original bytes');
  source = { path, bytes: Buffer.from(path), realPath: Buffer.from(path), stats: await stat(path) };
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createPlacer', () => {
  for (const mode of ['copy', 'hardlink', 'symlink'] as const satisfies readonly ExportMode[]) {
    it(`${mode}: create() on a taken name replaces nothing and leaves no temp file`, async () => {
      const taken = join(dir, 'taken.jpg');
      await writeFile(taken, 'someone else’s file');
      const before = await stat(taken);
      const placer = createPlacer(mode, source, dir);
      expect(await placer.create(taken)).toBe('exists');
      await placer.dispose();
      const after = await stat(taken);
      expect(await readFile(taken, 'utf8')).toBe('someone else’s file');
      expect([after.ino, after.mtimeMs, after.nlink]).toEqual([before.ino, before.mtimeMs, 1]);
      expect((await readdir(dir)).sort()).toEqual(['original.jpg', 'taken.jpg']);
      expect(await readFile(source.path, 'utf8')).toBe('original bytes');
    });
  }

  it('copy: a failed commit leaves no temp file behind', async () => {
    const placer = createPlacer('copy', source, dir);
    await expect(placer.create(join(dir, 'missing-folder', 'x.jpg'))).rejects.toThrow(/ENOENT/);
    await placer.dispose();
    expect(await readdir(dir)).toEqual(['original.jpg']);
  });

  it('copy: recognises only a file with the same content', async () => {
    const placer = createPlacer('copy', source, dir);
    const same = join(dir, 'same.jpg');
    const other = join(dir, 'other.jpg');
    await writeFile(same, 'original bytes');
    await writeFile(other, 'ORIGINAL BYTES');
    expect(await placer.recognizes(same, await stat(same), undefined)).toBe(true);
    expect(await placer.recognizes(other, await stat(other), undefined)).toBe(false);
  });

  it('explains a missing original', () => {
    expect(sourceFailure(Object.assign(new Error('x'), { code: 'ENOENT' }))).toMatch(/missing/);
  });
});
