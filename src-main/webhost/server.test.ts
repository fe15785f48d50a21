import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppEvents } from '../../src-shared/contract/events.js';
import type { JobId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import { MEDIA_NOT_FOUND, type MediaFile, type MediaKind, type MediaMiss } from '../../src-shared/util/media.js';
import type { Dispatch } from '../core/api/dispatch.js';
import { createEventBus, type EventBus } from '../core/util/eventBus.js';
import { isLoopback, startWebHost, type WebHost } from './server.js';

const TOKEN = 'a'.repeat(20) + 'secret-token';
const THUMB = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 8, 7, 6]);

type Reply = { status: number; headers: IncomingHttpHeaders; body: string; bytes: Buffer };

const calls: Array<{ method: string; args: unknown }> = [];
const fakeDispatch: Dispatch = async (method, args) => {
  calls.push({ method, args });
  return method === 'library.status'
    ? { ok: true, value: { echoed: args } }
    : { ok: false, error: { code: 'unknown-method', message: `no such method: ${method}` } };
};

/** The real bus, wrapped to count live subscriptions so SSE cleanup is observable. */
function countingBus(): EventBus<AppEvents> & { live(): number } {
  const bus = createEventBus<AppEvents>();
  let live = 0;
  return {
    emit: bus.emit,
    on(name, listener) {
      live++;
      const off = bus.on(name, listener);
      return () => {
        live--;
        off();
      };
    },
    live: () => live,
  };
}

const progress: JobProgress = {
  jobId: 3 as JobId,
  kind: 'scan',
  state: 'running',
  phase: 'processing',
  done: 2,
  total: 5,
  problems: 0,
  ratePerSecond: 1.5,
  etaSeconds: 2,
  currentFile: '/photos/a.jpg',
  startedAt: '2025-01-01T00:00:00.000Z',
  finishedAt: null,
  error: null,
};

let dir: string;
let host: WebHost;
const events = countingBus();

function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: host.port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: bytes.toString(), bytes });
        });
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/* Fake media source: thumb 7 and photo 7 exist, photo 8 is damaged, everything else is unknown. */
function fakeMedia(kind: MediaKind, id: number): MediaFile | MediaMiss {
  if (id === 7 && kind === 'thumb') return { mime: 'image/jpeg', bytes: THUMB };
  if (id === 7 && kind === 'photo') return { mime: 'image/jpeg', bytes: PHOTO };
  if (id === 8 && kind === 'photo') return { status: 422, message: 'the photo could not be decoded: bad marker' };
  return MEDIA_NOT_FOUND;
}

const auth = { 'x-facets-token': TOKEN };
const rpc = (method: string, body: string, headers: Record<string, string> = auth) =>
  send(`/rpc/${method}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facets-webhost-'));
  const staticDir = join(dir, 'renderer');
  await mkdir(join(staticDir, 'assets'), { recursive: true });
  await writeFile(
    join(staticDir, 'index.html'),
    '<!doctype html><html><head><title>t</title></head><body></body></html>',
  );
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'outside the renderer');
  host = await startWebHost({
    dispatch: fakeDispatch,
    events,
    media: (kind, id) => Promise.resolve(fakeMedia(kind, id)),
    token: TOKEN,
    port: 0,
    staticDir,
    heartbeatMs: 30,
    maxBodyBytes: 1024,
  });
});

afterAll(async () => {
  await host.close();
  await rm(dir, { recursive: true, force: true });
});

describe('authentication and origin checks', () => {
  it('refuses requests without a token', async () => {
    expect((await rpc('library.status', '{"args":[]}', {})).status).toBe(401);
    expect((await send('/')).status).toBe(401);
    expect((await send('/media/thumb/7')).status).toBe(401);
    expect((await send('/events')).status).toBe(401);
  });

  it('refuses a wrong token, including one of a different length', async () => {
    expect((await rpc('library.status', '{"args":[]}', { 'x-facets-token': `${TOKEN}x` })).status).toBe(401);
    expect((await rpc('library.status', '{"args":[]}', { 'x-facets-token': TOKEN.replace('s', 'S') })).status).toBe(
      401,
    );
    expect((await send(`/media/thumb/7?token=nope`)).status).toBe(401);
  });

  it('accepts the header, a bearer token, and for GET the query or cookie', async () => {
    expect((await rpc('library.status', '{"args":[]}')).status).toBe(200);
    expect((await rpc('library.status', '{"args":[]}', { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await send(`/media/thumb/7?token=${TOKEN}`)).status).toBe(200);
    expect((await send('/assets/app.js', { headers: { cookie: `other=1; facets-token=${TOKEN}` } })).status).toBe(200);
  });

  it('does not accept the query token or the cookie for RPC, which changes state', async () => {
    const viaQuery = await send(`/rpc/library.status?token=${TOKEN}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"args":[]}',
    });
    expect(viaQuery.status).toBe(401);
    expect((await rpc('library.status', '{"args":[]}', { cookie: `facets-token=${TOKEN}` })).status).toBe(401);
  });

  it('refuses foreign Host headers (DNS rebinding) and foreign origins', async () => {
    expect((await rpc('library.status', '{"args":[]}', { ...auth, host: `evil.example:${host.port}` })).status).toBe(
      403,
    );
    expect((await rpc('library.status', '{"args":[]}', { ...auth, host: '127.0.0.1:1' })).status).toBe(403);
    expect((await rpc('library.status', '{"args":[]}', { ...auth, host: `localhost:${host.port}` })).status).toBe(200);
    expect((await rpc('library.status', '{"args":[]}', { ...auth, origin: 'https://evil.example' })).status).toBe(403);
    expect((await rpc('library.status', '{"args":[]}', { ...auth, origin: host.url.slice(0, -1) })).status).toBe(200);
  });
});

describe('loopback only', () => {
  /** This machine's addresses that are not loopback: another computer on the network would connect to these. */
  const outward = Object.values(networkInterfaces()).flatMap((entries = []) =>
    entries.filter((entry) => !entry.internal && entry.family === 'IPv4').map((entry) => entry.address),
  );

  it.skipIf(outward.length === 0)("cannot be reached at this machine's network addresses", async () => {
    for (const address of outward) {
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect({ host: address, port: host.port }, () => {
          socket.destroy();
          resolve('connected');
        });
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      });
      expect(outcome, address).toBe('ECONNREFUSED');
    }
  });

  it('answers only peers on the loopback address', () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(peer), peer).toBe(true);
    for (const peer of ['192.0.2.2', '10.0.0.1', '::ffff:192.168.1.4', 'fd00::2', '0.0.0.0', undefined]) {
      expect(isLoopback(peer), String(peer)).toBe(false);
    }
  });
});

describe('POST /rpc/:method', () => {
  it('passes method and args to dispatch and answers its Result', async () => {
    const reply = await rpc('library.status', '{"args":[1,"two"]}');
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: { echoed: [1, 'two'] } });
    expect(calls.at(-1)).toEqual({ method: 'library.status', args: [1, 'two'] });
  });

  it('answers an error Result for an unknown method', async () => {
    const reply = await rpc('library.dropEverything', '{"args":[]}');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
  });

  it('rejects bad JSON, non-object bodies, other content types, oversized bodies and GET', async () => {
    expect((await rpc('library.status', '{"args":')).status).toBe(400);
    expect((await rpc('library.status', '[1,2]')).status).toBe(400);
    expect((await rpc('library.status', '{"args":[]}', { ...auth, 'content-type': 'text/plain' })).status).toBe(415);
    expect((await rpc('library.status', JSON.stringify({ args: ['x'.repeat(2000)] }))).status).toBe(413);
    expect((await send('/rpc/library.status', { headers: auth })).status).toBe(405);
  });
});

describe('GET /media', () => {
  it('serves an indexed thumbnail with caching and nosniff headers', async () => {
    const reply = await send('/media/thumb/7', { headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/jpeg');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(reply.headers['cache-control']).toMatch(/private/);
    expect(new Uint8Array(reply.bytes)).toEqual(THUMB);
  });

  it('serves an indexed photo rendered for display, by id', async () => {
    const reply = await send('/media/photo/7', { headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('image/jpeg');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    expect(new Uint8Array(reply.bytes)).toEqual(PHOTO);
  });

  it('answers a photo that no longer decodes with 422 and the reason', async () => {
    const reply = await send('/media/photo/8', { headers: auth });
    expect(reply.status).toBe(422);
    expect(reply.body).toBe('the photo could not be decoded: bad marker');
  });

  it('answers 404 for ids that are not indexed photos and for anything that is not a media path', async () => {
    for (const path of [
      '/media/photo/999999',
      '/media/photo/abc',
      '/media/photo/',
      '/media/photo/0',
      '/media/photo/7/',
      '/media/photo/../../etc/passwd',
      '/media/photo/..%2f..%2fetc%2fpasswd',
      '/media/photo/%2e%2e/%2e%2e/secret.txt',
      '/media/photo//etc/passwd',
      '/media/photo/7%00',
      '/media/photos/7',
      '/media/thumb/8',
      '/media/thumb/0',
      '/media/thumb/07',
      '/media/thumb/7/',
      '/media/original/7',
      '/media/thumb/../../secret.txt',
      '/media/thumb/%2e%2e/%2e%2e/secret.txt',
      '/media/..%2f..%2fsecret.txt',
      '/media/thumb/7%00',
    ]) {
      expect((await send(path, { headers: auth })).status, path).toBe(404);
    }
  });
});

describe('GET / and static files', () => {
  it('injects the token into the page and sets CSP and the token cookie', async () => {
    const reply = await send(`/?token=${TOKEN}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(`<meta name="facets-token" content="${TOKEN}">`);
    expect(reply.headers['content-security-policy']).toContain("script-src 'self'");
    expect(reply.headers['set-cookie']?.[0]).toMatch(/^facets-token=.*HttpOnly; SameSite=Strict/);
    expect(reply.headers['cache-control']).toBe('no-store');
  });

  it('serves assets and refuses to leave the renderer folder', async () => {
    expect((await send('/assets/app.js', { headers: auth })).headers['content-type']).toMatch(/javascript/);
    for (const path of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/nope.js',
    ]) {
      const reply = await send(path, { headers: auth });
      expect(reply.status, path).toBe(404);
      expect(reply.body).not.toContain('outside the renderer');
    }
  });
});

describe('GET /events', () => {
  it('streams emitted events and heartbeats, and unsubscribes when the client goes away', async () => {
    const before = events.live();
    const received = await new Promise<string>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: host.port, path: `/events?token=${TOKEN}` }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        let text = '';
        res.on('data', (chunk: Buffer) => {
          text += chunk.toString();
          if (text.includes('event: job.progress') && text.includes(': heartbeat')) {
            req.destroy();
            resolve(text);
          }
        });
        // Subscriptions are made before the first bytes go out, so emitting now cannot be missed.
        events.emit('job.progress', progress);
      });
      req.on('error', reject);
      req.end();
    });
    const frame = /event: job\.progress\ndata: (.*)\n\n/.exec(received);
    expect(JSON.parse(frame?.[1] ?? 'null')).toEqual(progress);
    await expect.poll(() => events.live()).toBe(before);
  });
});
