import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { downloadPack, type DownloadProgress } from './packDownload.js';
import { activePack, installPackFromFolder, listInstalledPacks } from './packStore.js';
import { placeholderFiles, testManifest, writeTestPack, type TestPackFile } from './testing/testPackFolder.js';

/*
 * A loopback HTTP server (127.0.0.1, random port) standing in for the pinned download host: it can drop a connection
 * part-way through a file, ignore Range requests, or serve corrupted bytes. No real network is used.
 */
type Behaviour = {
  /** File name → bytes to send before destroying the connection, on the first request for that file only. */
  dropAfter: Map<string, number>;
  ignoreRange: boolean;
  /** Answer a Range request with 206 and the whole file from byte 0 (a broken server or proxy). */
  wrongRange: boolean;
  corrupt: Set<string>;
};
type Served = { file: string; range: string | undefined; status: number; bytes: number };

let root: string;
let packsDir: string;
let server: Server;
let base: string;
let behaviour: Behaviour;
let served: Served[];
let files: TestPackFile[];

function startServer(): Promise<void> {
  server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    const file = files.find((f) => f.path === name);
    const record: Served = { file: name, range: req.headers.range, status: 200, bytes: 0 };
    served.push(record);
    if (!file) {
      record.status = 404;
      res.writeHead(404).end();
      return;
    }
    let body = Buffer.from(file.bytes);
    if (behaviour.corrupt.has(name)) {
      body = Buffer.from(body);
      body[body.length >> 1]! ^= 0x01;
    }
    let start = 0;
    const match = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (match && behaviour.wrongRange) {
      record.status = 206;
      res.writeHead(206, {
        'Content-Range': `bytes 0-${body.length - 1}/${body.length}`,
        'Content-Length': body.length,
      });
    } else if (match && !behaviour.ignoreRange) {
      start = Number(match[1]);
      if (start >= body.length) {
        record.status = 416;
        res.writeHead(416, { 'Content-Range': `bytes */${body.length}` }).end();
        return;
      }
      record.status = 206;
      res.writeHead(206, {
        'Content-Range': `bytes ${start}-${body.length - 1}/${body.length}`,
        'Content-Length': body.length - start,
      });
    } else {
      res.writeHead(200, { 'Content-Length': body.length, 'Accept-Ranges': behaviour.ignoreRange ? 'none' : 'bytes' });
    }
    const drop = behaviour.dropAfter.get(name);
    if (drop !== undefined) {
      behaviour.dropAfter.delete(name);
      record.bytes = drop;
      // A graceful close part-way: every byte written arrives, then the body ends short of its Content-Length.
      res.write(body.subarray(start, start + drop), () => res.socket?.end());
      return;
    }
    record.bytes = body.length - start;
    res.end(body.subarray(start));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      resolve();
    }),
  );
}

beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), 'facets-clip-download-'));
  packsDir = join(root, 'packs');
  behaviour = { dropAfter: new Map(), ignoreRange: false, wrongRange: false, corrupt: new Set() };
  served = [];
  files = placeholderFiles(300_000, 3);
  await startServer();
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

const pinned = (version = '1') =>
  testManifest({ version, files, urls: Object.fromEntries(files.map((f) => [f.path, base + f.path])) });
const servedFor = (name: string) => served.filter((s) => s.file === name);
const sizeOf = (name: string) => files.find((f) => f.path === name)!.bytes.length;
const fast = { retryDelayMs: 0 };

function expectInstalledExactly(): void {
  const pack = listInstalledPacks(packsDir).find((p) => p.id === 'test-pack');
  expect(pack).toBeDefined();
  // Buffer.equals: a deep toEqual over 300 kB takes seconds.
  for (const f of files) expect(readFileSync(join(pack!.dir, f.path)).equals(f.bytes), f.path).toBe(true);
}

describe('downloadPack', () => {
  it('downloads every pinned file, reports progress up to the total and installs the pack', async () => {
    const events: DownloadProgress[] = [];
    const pack = await downloadPack(pinned(), packsDir, { ...fast, onProgress: (p) => events.push(p) });
    expect(pack.id).toBe('test-pack');
    expectInstalledExactly();
    expect(activePack(packsDir)?.id).toBe('test-pack');
    const total = files.reduce((s, f) => s + f.bytes.length, 0);
    const downloading = events.filter((e) => e.phase === 'downloading').map((e) => e.bytes);
    expect(downloading).toEqual([...downloading].sort((a, b) => a - b));
    expect(downloading.at(-1)).toBe(total);
    expect(events.every((e) => e.totalBytes === total)).toBe(true);
    expect(events.filter((e) => e.phase === 'verifying')).toHaveLength(files.length);
    expect(events.at(-1)?.phase).toBe('installing');
    expect(served.every((s) => s.range === undefined && s.status === 200)).toBe(true);
    expect(existsSync(join(packsDir, '.downloads', 'test-pack@1'))).toBe(false);
  });

  it('resumes a file whose connection dropped with a Range request, without fetching its bytes twice', async () => {
    const name = 'image_encoder.onnx';
    behaviour.dropAfter.set(name, 120_000);
    await downloadPack(pinned(), packsDir, fast);
    expectInstalledExactly();
    const [first, second, ...more] = servedFor(name);
    expect(more).toEqual([]);
    expect([first?.range, first?.status, first?.bytes]).toEqual([undefined, 200, 120_000]);
    // fetch drops what was still buffered when the body errors, so the part holds a prefix of what was sent;
    // the resume asks for exactly the bytes after that prefix and gets only them.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(second?.range ?? '')?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(120_000);
    expect([second?.status, second?.bytes]).toEqual([206, sizeOf(name) - resumedAt]);
  });

  it('rejects a corrupted file, deletes it and keeps the installed pack intact', async () => {
    const previous = join(root, 'previous');
    writeTestPack(previous, { version: '0', files: placeholderFiles(500, 9) });
    await installPackFromFolder(previous, packsDir);

    behaviour.corrupt.add('text_encoder.onnx');
    await expect(downloadPack(pinned(), packsDir, fast)).rejects.toThrow(
      /text_encoder\.onnx has sha-256 [0-9a-f]{64}, the manifest pins [0-9a-f]{64}; the pack was not installed/,
    );
    const installed = listInstalledPacks(packsDir);
    expect(installed.map((p) => p.manifest.version)).toEqual(['0']);
    expect(readFileSync(join(installed[0]!.dir, 'image_encoder.onnx'))).toHaveLength(500);
    expect(existsSync(join(packsDir, '.downloads', 'test-pack@1', 'text_encoder.onnx.part'))).toBe(false);

    // Once the server is fixed the next call fetches only what is still missing.
    behaviour.corrupt.clear();
    served = [];
    await downloadPack(pinned(), packsDir, fast);
    expectInstalledExactly();
    expect(served.map((s) => s.file)).toEqual([
      'text_encoder.onnx',
      'tokenizer.json',
      'preprocessor_config.json',
      'LICENSE',
    ]);
  });

  it('restarts a file cleanly when the server ignores Range and sends it whole', async () => {
    const name = 'text_encoder.onnx';
    behaviour.dropAfter.set(name, 100_000);
    behaviour.ignoreRange = true;
    const events: DownloadProgress[] = [];
    await downloadPack(pinned(), packsDir, { ...fast, onProgress: (p) => events.push(p) });
    expectInstalledExactly();
    const [first, second, ...more] = servedFor(name);
    expect(more).toEqual([]);
    expect([first?.range, first?.status, first?.bytes]).toEqual([undefined, 200, 100_000]);
    expect(second?.range).toMatch(/^bytes=[1-9]\d*-$/);
    expect([second?.status, second?.bytes]).toEqual([200, sizeOf(name)]);
    expect(events.at(-1)?.bytes).toBe(events.at(-1)?.totalBytes);
  });

  it('starts a file over when the server answers a range other than the one asked for', async () => {
    const name = 'image_encoder.onnx';
    behaviour.dropAfter.set(name, 100_000);
    behaviour.wrongRange = true;
    await downloadPack(pinned(), packsDir, fast);
    expectInstalledExactly();
    expect(servedFor(name).map((r) => [r.range === undefined ? 'whole' : 'range', r.status])).toEqual([
      ['whole', 200],
      ['range', 206],
      ['whole', 200],
    ]);
  });

  it('stops on cancel, keeps the partial file, and a later call resumes it', async () => {
    const name = 'image_encoder.onnx';
    const controller = new AbortController();
    const attempt = downloadPack(pinned(), packsDir, {
      ...fast,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.file === name && p.bytes > 50_000) controller.abort();
      },
    });
    await expect(attempt).rejects.toThrow(/abort/i);
    expect(listInstalledPacks(packsDir)).toEqual([]);
    const part = join(packsDir, '.downloads', 'test-pack@1', `${name}.part`);
    const kept = readFileSync(part).length;
    expect(kept).toBeGreaterThan(0);

    served = [];
    await downloadPack(pinned(), packsDir, fast);
    expectInstalledExactly();
    expect(servedFor(name)[0]?.range).toBe(`bytes=${kept}-`);
  });

  it('fails clearly on a missing file without retrying, and on a manifest without pins', async () => {
    const manifest = pinned();
    (manifest['files'] as { url: string }[])[0]!.url = `${base}nowhere.onnx`;
    await expect(downloadPack(manifest, packsDir, fast)).rejects.toThrow(/nowhere\.onnx answered HTTP 404/);
    expect(servedFor('nowhere.onnx')).toHaveLength(1);
    await expect(downloadPack(testManifest({ files }), packsDir, fast)).rejects.toThrow(/no pinned url and size/);
  });

  it('gives up after the allowed attempts when the connection keeps dropping', async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(downloadPack(pinned(), packsDir, { attempts: 2, retryDelayMs: 0 })).rejects.toThrow(
      /after 2 attempts/,
    );
    await startServer();
  });
});
