import { execFileSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RUNNING_AS_ROOT, runAsNobody } from '../../testing/brokenCorpus.js';
import {
  displayPath,
  isSkippedFolderName,
  walkRoot,
  type WalkEntry,
  type WalkIssue,
  type WalkOptions,
} from './walk.js';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'facets-walk-'));
});

afterEach(async () => {
  await chmod(root, 0o755);
  await rm(root, { recursive: true, force: true });
});

/** Creates a file (and its folders) below the test root; `rel` may be raw bytes for names that are not UTF-8. */
async function put(rel: string | Buffer, content = 'x'): Promise<Buffer> {
  const path = Buffer.concat([Buffer.from(`${root}/`), typeof rel === 'string' ? Buffer.from(rel) : rel]);
  const parent = path.subarray(0, path.lastIndexOf('/'));
  await mkdir(parent, { recursive: true });
  await writeFile(path, content);
  return path;
}

type Walked = { files: string[]; issues: WalkIssue[]; batches: WalkEntry[][] };

async function walk(options: Partial<WalkOptions> = {}, from: string | Buffer = root): Promise<Walked> {
  const issues: WalkIssue[] = [];
  const batches: WalkEntry[][] = [];
  for await (const batch of walkRoot(Buffer.from(from), { onIssue: (issue) => issues.push(issue), ...options }))
    batches.push(batch);
  const files = batches.flat().map((entry) => displayPath(entry.path).slice(root.length + 1));
  return { files: files.sort(), issues, batches };
}

describe('walkRoot', () => {
  it('lists the regular files in nested folders with their size and modification time', async () => {
    await put('a.jpg', 'four');
    await put('sub/b.png', 'twelve bytes');
    await put('sub/deeper/c.txt');
    const when = new Date('2020-05-06T07:08:09Z');
    await utimes(join(root, 'sub/b.png'), when, when);

    const { files, issues, batches } = await walk();
    expect(files).toEqual(['a.jpg', 'sub/b.png', 'sub/deeper/c.txt']);
    expect(issues).toEqual([]);
    const b = batches.flat().find((entry) => entry.name === 'b.png')!;
    expect(b.size).toBe(12);
    expect(b.mtimeMs).toBe(when.getTime());
    expect(b.path.equals(Buffer.from(join(root, 'sub/b.png')))).toBe(true);
  });

  it('yields batches of the requested size', async () => {
    for (let i = 0; i < 7; i++) await put(`f${i}.jpg`);
    const { batches } = await walk({ batchSize: 3 });
    expect(batches.map((batch) => batch.length)).toEqual([3, 3, 1]);
  });

  it('yields nothing for an empty root', async () => {
    expect(await walk()).toEqual({ files: [], issues: [], batches: [] });
  });

  it('skips hidden files and folders', async () => {
    await put('.hidden.jpg');
    await put('.cache/inside.jpg');
    await put('visible/.DS_Store');
    await put('visible/photo.jpg');
    expect((await walk()).files).toEqual(['visible/photo.jpg']);
  });

  it('skips system folders and photo-application bundles, whatever their case', async () => {
    for (const folder of [
      '$RECYCLE.BIN',
      '$Recycle.Bin',
      'System Volume Information',
      '@eaDir',
      '#recycle',
      '#snapshot',
      '@Recycle',
      'lost+found',
      'node_modules',
      '.Trashes',
      '.Spotlight-V100',
      'Photos Library.photoslibrary',
      'Old.PHOTOSLIBRARY',
      'Catalog Previews.lrdata',
      'Catalog Smart Previews.lrdata',
    ]) {
      await put(`${folder}/copy.jpg`);
    }
    await put('keep/node_modules.jpg'); // a file of that name is not a folder
    await put('my photoslibrary notes/x.jpg'); // the suffix must be the extension
    expect((await walk()).files).toEqual(['keep/node_modules.jpg', 'my photoslibrary notes/x.jpg']);
  });

  it('asks skipDir about every folder below the root, with its raw path', async () => {
    await put('a/1.jpg');
    await put('b/2.jpg');
    await put('b/c/3.jpg');
    const asked: string[] = [];
    const { files } = await walk({
      skipDir: (dir) => {
        asked.push(displayPath(dir).slice(root.length + 1));
        return dir.equals(Buffer.from(join(root, 'b')));
      },
    });
    expect(files).toEqual(['a/1.jpg']);
    expect(asked.sort()).toEqual(['a', 'b']);
  });

  it('follows a link to a file, reporting the link path and the target size', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'facets-walk-target-'));
    try {
      await writeFile(join(outside, 'target.jpg'), 'seventeen bytes!!');
      await symlink(join(outside, 'target.jpg'), join(root, 'link.jpg'));
      const { batches, issues } = await walk();
      expect(issues).toEqual([]);
      expect(batches.flat()).toMatchObject([{ name: 'link.jpg', size: 17, path: Buffer.from(join(root, 'link.jpg')) }]);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('follows a link to a folder outside the root', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'facets-walk-target-'));
    try {
      await writeFile(join(outside, 'far.jpg'), 'x');
      await symlink(outside, join(root, 'elsewhere'));
      expect((await walk()).files).toEqual(['elsewhere/far.jpg']);
    } finally {
      await rm(outside, { recursive: true, force: true });
    }
  });

  it('never loops on links back into the tree, enters each folder once, and prefers real paths to links', async () => {
    await put('a/photo.jpg');
    await put('a/b/deep.jpg');
    await symlink(root, join(root, 'a/b/to-root'));
    await symlink('..', join(root, 'a/b/up'));
    await symlink(join(root, 'a'), join(root, '0-shortcut')); // listed before 'a', still not the path recorded

    const { files, issues } = await walk();
    expect(files).toEqual(['a/b/deep.jpg', 'a/photo.jpg']);
    expect(issues.map((issue) => [issue.code, issue.path.slice(root.length + 1)]).sort()).toEqual([
      ['already-visited', '0-shortcut'],
      ['already-visited', 'a/b/to-root'],
      ['already-visited', 'a/b/up'],
    ]);
  });

  it('reports a link that points at itself and goes on', async () => {
    await symlink('self.jpg', join(root, 'self.jpg'));
    await put('fine.jpg');
    const { files, issues } = await walk();
    expect(files).toEqual(['fine.jpg']);
    expect(issues).toMatchObject([{ code: 'link-loop', path: join(root, 'self.jpg') }]);
    expect(issues[0]!.message).toMatch(/loop/i);
  });

  it('reports a dangling link and goes on', async () => {
    await symlink(join(root, 'gone.jpg'), join(root, 'broken.jpg'));
    await put('fine.jpg');
    const { files, issues } = await walk();
    expect(files).toEqual(['fine.jpg']);
    expect(issues).toMatchObject([{ code: 'dangling-link', path: join(root, 'broken.jpg') }]);
    expect(issues[0]!.rawPath.equals(Buffer.from(join(root, 'broken.jpg')))).toBe(true);
    expect(issues[0]!.message).toMatch(/does not exist/);
  });

  it('reports a folder it may not read and goes on', async () => {
    await put('open/visible.jpg');
    await put('locked/secret.jpg');
    await chmod(join(root, 'locked'), 0o000);
    let outcome: { files: string[]; issues: { code: string; path: string; message: string }[] };
    if (RUNNING_AS_ROOT) {
      // Root reads the folder whatever its mode bits; the walk runs as `nobody` to meet a real EACCES.
      await chmod(root, 0o755);
      const script = `
        const { walkRoot } = await import(process.argv[1]);
        const files = [], issues = [];
        for await (const batch of walkRoot(Buffer.from(process.argv[2]), { onIssue: ({ code, path, message }) => issues.push({ code, path, message }) })) {
          files.push(...batch.map((entry) => entry.path.toString().slice(process.argv[2].length + 1)));
        }
        console.log(JSON.stringify({ files, issues }));`;
      outcome = JSON.parse(await runAsNobody(script, [new URL('./walk.ts', import.meta.url).pathname, root]));
      // A root it may not list is not an empty root: the walk throws instead of yielding nothing.
      const lockedRoot = `
        const { walkRoot } = await import(process.argv[1]);
        try { for await (const _ of walkRoot(Buffer.from(process.argv[2]), { onIssue: () => {} })); console.log('listed'); }
        catch (error) { console.log(error.code); }`;
      expect(
        (await runAsNobody(lockedRoot, [new URL('./walk.ts', import.meta.url).pathname, join(root, 'locked')])).trim(),
      ).toBe('EACCES');
    } else {
      const { files, issues } = await walk();
      outcome = { files, issues };
    }
    expect(outcome.files).toEqual(['open/visible.jpg']);
    expect(outcome.issues).toEqual([
      {
        code: 'unreadable-folder',
        path: join(root, 'locked'),
        message: 'Folder could not be opened (permission denied); its photos were not scanned',
      },
    ]);
  });

  it('sees through chmod 000 when running as root (what the permission test above works around)', async () => {
    await put('locked/secret.jpg');
    await chmod(join(root, 'locked'), 0o000);
    const { files, issues } = await walk();
    if (RUNNING_AS_ROOT) {
      expect(files).toEqual(['locked/secret.jpg']);
      expect(issues).toEqual([]);
    } else {
      expect(files).toEqual([]);
      expect(issues).toMatchObject([{ code: 'unreadable-folder' }]);
    }
  });

  it('keeps names that are not UTF-8 byte for byte, and decodes them lossily for display', async () => {
    const folder = Buffer.from([0xff, 0xfe, 0x41]);
    const file = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x6a, 0x70, 0x67]); // "café.jpg" in Latin-1
    await put(Buffer.concat([folder, Buffer.from('/'), file]), 'latin');

    const { batches } = await walk();
    const [entry] = batches.flat();
    expect(entry!.path.equals(Buffer.concat([Buffer.from(`${root}/`), folder, Buffer.from('/'), file]))).toBe(true);
    expect(entry!.name).toBe('caf\uFFFD.jpg');
    expect(await readFile(entry!.path, 'utf8')).toBe('latin'); // the raw path opens the file
  });

  it('handles 255-byte names made of multi-byte characters', async () => {
    const name = `${'é'.repeat(125)}.jpeg`;
    expect(Buffer.byteLength(name)).toBe(255);
    await put(`${'ü'.repeat(127)}x/${name}`);
    const [entry] = (await walk()).batches.flat();
    expect(entry!.name).toBe(name);
  });

  it('walks very deep trees without recursion', async () => {
    const depth = 1000;
    await put(`${'d/'.repeat(depth)}bottom.jpg`);
    const { files } = await walk();
    expect(files).toHaveLength(1);
    expect(files[0]!.split('/')).toHaveLength(depth + 1);
  });

  it('leaves out pipes and sockets', async () => {
    await put('photo.jpg');
    execFileSync('mkfifo', [join(root, 'pipe.jpg')]);
    expect((await walk()).files).toEqual(['photo.jpg']);
  });

  it('goes on quietly when a queued folder disappears mid-walk', async () => {
    await put('a/1.jpg');
    await put('b/2.jpg');
    const seen: string[] = [];
    for await (const batch of walkRoot(Buffer.from(root), {
      batchSize: 1,
      onIssue: (issue) => seen.push(`issue ${issue.code}`),
    })) {
      seen.push(...batch.map((entry) => entry.name));
      await rm(join(root, 'b'), { recursive: true, force: true });
    }
    expect(seen).toEqual(['1.jpg']);
  });

  it('stops with the abort reason when cancelled, before or during the walk', async () => {
    for (let i = 0; i < 10; i++) await put(`f${i}.jpg`);
    const before = new AbortController();
    before.abort(new Error('cancelled early'));
    await expect(walk({ signal: before.signal })).rejects.toThrow('cancelled early');

    const during = new AbortController();
    const received: number[] = [];
    const run = (async () => {
      for await (const batch of walkRoot(Buffer.from(root), {
        batchSize: 2,
        signal: during.signal,
        onIssue: () => {},
      })) {
        received.push(batch.length);
        during.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(received).toEqual([2]);
  });

  it('throws when the root itself cannot be walked, so a missing drive never looks like an empty folder', async () => {
    await expect(walk({}, join(root, 'not-there'))).rejects.toMatchObject({ code: 'ENOENT' });
    await put('file.jpg');
    await expect(walk({}, join(root, 'file.jpg'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});

describe('isSkippedFolderName', () => {
  it('knows hidden, system and bundle folders, and nothing else', () => {
    for (const name of [
      '.git',
      '$RECYCLE.BIN',
      'SYSTEM VOLUME INFORMATION',
      '@eaDir',
      'Lost+Found',
      'x.photoslibrary',
      'y.lrdata',
      'z.aplibrary',
    ]) {
      expect(isSkippedFolderName(name), name).toBe(true);
    }
    for (const name of ['Photos', '2023', 'eaDir', 'recycle', 'photoslibrary backup', 'lrdata-notes']) {
      expect(isSkippedFolderName(name), name).toBe(false);
    }
  });
});

describe('displayPath', () => {
  it('decodes UTF-8 and replaces invalid bytes with U+FFFD', () => {
    expect(displayPath(Buffer.from('/photos/été.jpg'))).toBe('/photos/été.jpg');
    expect(displayPath(new Uint8Array([0x2f, 0xff, 0xfe, 0x2e, 0x6a]))).toBe('/\uFFFD\uFFFD.j');
    const pooled = Buffer.from('xx/a.jpg'); // small Buffers share a pool: the view's offset must be honoured
    expect(displayPath(new Uint8Array(pooled.buffer, pooled.byteOffset + 3, 5))).toBe('a.jpg');
  });
});
