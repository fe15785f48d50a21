import { appendFile, mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readStable } from './readStable.js';

let dir: string;
let file: Buffer;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facets-read-'));
  file = Buffer.from(join(dir, 'photo.jpg'));
  await writeFile(file, 'first version');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readStable', () => {
  it('reads a quiet file in one go', async () => {
    const read = await readStable(file, 1024);
    expect(read.kind).toBe('read');
    if (read.kind === 'read') {
      expect(read.bytes.toString()).toBe('first version');
      expect(read.stats.size).toBe(13);
    }
  });

  it('reads only the head of a file over the limit', async () => {
    await writeFile(file, Buffer.alloc(1000, 7));
    const read = await readStable(file, 999);
    expect(read.kind).toBe('too-large');
    if (read.kind === 'too-large') expect(read.head.length).toBeLessThanOrEqual(64);
  });

  it('throws ENOENT when the file was deleted before it could be opened', async () => {
    await expect(readStable(file, 1024, { beforeOpen: () => unlink(file) })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('throws ENOENT when the file was deleted while it was read', async () => {
    await expect(readStable(file, 1024, { afterRead: () => unlink(file) })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('reads the new version when the file is replaced (renamed over) during the first read', async () => {
    const read = await readStable(file, 1024, {
      afterRead: async (attempt) => {
        if (attempt > 0) return;
        await writeFile(join(dir, 'incoming'), 'second version');
        await rename(join(dir, 'incoming'), file);
      },
    });
    expect(read.kind === 'read' && read.bytes.toString()).toBe('second version');
  });

  it('retries while the file is still being written, then settles on a whole version', async () => {
    const read = await readStable(file, 1024, {
      afterRead: (attempt) => (attempt < 2 ? appendFile(file, ' and more') : undefined),
    });
    expect(read.kind === 'read' && read.bytes.toString()).toBe('first version and more and more');
  });

  it('gives up as "unstable" when the file never stops changing', async () => {
    const read = await readStable(file, 1024, { afterRead: () => appendFile(file, '+') });
    expect(read.kind).toBe('unstable');
  });

  it('never holds more than the size it saw at open, even if the file grows meanwhile', async () => {
    let grown = false;
    const read = await readStable(file, 1024, {
      afterRead: async () => {
        if (!grown) await appendFile(file, Buffer.alloc(4096));
        grown = true;
      },
    });
    // The first attempt saw 13 bytes and read 13; the retry sees the file over the limit and reads only its head.
    expect(read.kind).toBe('too-large');
  });

  it('does not block on a named pipe and says it is not a file', async () => {
    const pipe = Buffer.from(join(dir, 'pipe.jpg'));
    execFileSync('mkfifo', [pipe.toString()]);
    expect((await readStable(pipe, 1024)).kind).toBe('not-a-file');
  });

  it('says a folder is not a file', async () => {
    await mkdir(join(dir, 'folder.jpg'));
    expect((await readStable(Buffer.from(join(dir, 'folder.jpg')), 1024)).kind).toBe('not-a-file');
  });
});
