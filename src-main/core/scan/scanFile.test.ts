import { appendFile, chmod, mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNNING_AS_ROOT, runAsNobody } from '../../testing/brokenCorpus.js';
import { scanFile, type ScanFileOptions, type ScanFileResult } from './scanFile.js';

/*
 * The races a scan meets (files deleted, replaced or still being written between the walk and the read), made
 * deterministic through readStable's hooks, and the permission case root cannot see. The broken-file corpus itself is
 * covered by src-main/testing/brokenCorpus.test.ts.
 */

const OPTIONS: ScanFileOptions = { thumbSize: 320, maxPixels: 250_000_000, maxFileBytes: 64 * 2 ** 20 };

let dir: string;
let path: Buffer;

const jpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: '#3a6' } })
    .jpeg()
    .toBuffer();

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facets-scanfile-'));
  path = Buffer.from(join(dir, 'photo.jpg'));
  await writeFile(path, await jpeg(30, 20));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function photo(result: ScanFileResult) {
  if (result.kind !== 'photo') throw new Error(`expected a photo record, got ${result.kind}`);
  return result;
}

describe('scanFile under file-system races', () => {
  it('reports "vanished" for a file deleted before it was read', async () => {
    expect(await scanFile(path, 'photo.jpg', OPTIONS, { hooks: { beforeOpen: () => unlink(path) } })).toEqual({
      kind: 'vanished',
    });
  });

  it('reports "vanished" for a file deleted while it was read', async () => {
    expect(await scanFile(path, 'photo.jpg', OPTIONS, { hooks: { afterRead: () => unlink(path) } })).toEqual({
      kind: 'vanished',
    });
  });

  it('records the new content of a file replaced mid-read', async () => {
    const replacement = await jpeg(50, 40);
    const result = photo(
      await scanFile(path, 'photo.jpg', OPTIONS, {
        hooks: {
          afterRead: async (attempt) => {
            if (attempt > 0) return;
            await writeFile(join(dir, 'incoming'), replacement);
            await rename(join(dir, 'incoming'), path);
          },
        },
      }),
    );
    expect(result).toMatchObject({ status: 'ok', width: 50, height: 40, size: replacement.length });
  });

  it('records "unstable-file" for a photo that keeps changing while it is read', async () => {
    const result = photo(
      await scanFile(path, 'photo.jpg', OPTIONS, { hooks: { afterRead: () => appendFile(path, Buffer.alloc(16)) } }),
    );
    expect(result.status).toBe('error');
    expect(result.problem?.code).toBe('unstable-file');
    expect(result.problem?.message).toMatch(/kept changing/);
  });

  it('ignores a non-image that keeps changing (a log being written, say)', async () => {
    const log = Buffer.from(join(dir, 'app.log'));
    await writeFile(log, 'line\n');
    expect(await scanFile(log, 'app.log', OPTIONS, { hooks: { afterRead: () => appendFile(log, 'line\n') } })).toEqual({
      kind: 'ignored',
      remember: null,
    });
  });

  it('ignores a file replaced by a folder before it was opened', async () => {
    const result = await scanFile(path, 'photo.jpg', OPTIONS, {
      hooks: {
        beforeOpen: async () => {
          await unlink(path);
          await mkdir(path);
        },
      },
    });
    expect(result).toEqual({ kind: 'ignored', remember: null });
  });
});

describe('scanFile and permissions', () => {
  it('records "permission-denied", with the size still known, for a photo it may not read', async () => {
    await chmod(path, 0o000);
    let result: ScanFileResult;
    if (RUNNING_AS_ROOT) {
      // Root reads the file whatever its mode; a child process running as `nobody` meets the real EACCES.
      await chmod(dir, 0o755);
      const script = `
        const { scanFile } = await import(process.argv[1]);
        const result = await scanFile(Buffer.from(process.argv[2]), 'photo.jpg', JSON.parse(process.argv[3]));
        console.log(JSON.stringify(result));`;
      result = JSON.parse(
        await runAsNobody(script, [
          new URL('./scanFile.ts', import.meta.url).pathname,
          path.toString(),
          JSON.stringify(OPTIONS),
        ]),
      );
    } else {
      result = await scanFile(path, 'photo.jpg', OPTIONS);
    }
    const record = photo(result);
    expect(record.status).toBe('error');
    expect(record.problem).toEqual({
      code: 'permission-denied',
      message: 'Facets is not allowed to read this file (permission denied)',
    });
    expect(record.size).toBeGreaterThan(0);
  });
});
