/*
 * The loopback web host: serves the built renderer and the AppApi over HTTP + SSE so the UI runs in a plain browser
 * (development, Playwright). Plain Node only: it must never import 'electron', and electron-builder leaves it out.
 * Security model (after VS Code's server connection token): bind 127.0.0.1, require a random token on every request,
 * refuse foreign Host/Origin headers (DNS rebinding, CSRF), and only ever serve thumbnails the core hands out.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, realpath } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve } from 'node:path';
import type { Result } from '../../src-shared/contract/errors.js';
import { APP_EVENT_NAMES, type AppEvents } from '../../src-shared/contract/events.js';
import { isMediaFile, parseMediaPath, type MediaSource } from '../../src-shared/util/media.js';
import type { Dispatch } from '../core/api/dispatch.js';
import type { EventBus } from '../core/util/eventBus.js';
import { createLogger } from '../core/util/logger.js';

const log = createLogger('webhost');

export type WebHostOptions = Readonly<{
  dispatch: Dispatch;
  events: EventBus<AppEvents>;
  media: MediaSource;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  staticDir: string;
  /** Comment lines keep idle SSE streams (and the proxies between) from timing out. */
  heartbeatMs?: number;
  maxBodyBytes?: number;
}>;

export type WebHost = Readonly<{
  port: number;
  /** Origin plus trailing slash, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  close(): Promise<void>;
}>;

export const TOKEN_HEADER = 'x-facets-token';
export const MIN_TOKEN_LENGTH = 16;
export const TOKEN_COOKIE = 'facets-token';
const HOST = '127.0.0.1';
const DEFAULT_MAX_BODY = 1024 * 1024;
const DEFAULT_HEARTBEAT_MS = 15_000;

/** Only what the page itself loads: the renderer bundle and same-origin media and API calls. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Compares digests so neither the length nor the content of the expected token leaks through timing. */
function tokensMatch(given: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The token may come from a header (fetch), or, for GET only, from `?token=` (img, EventSource, the first page load)
 * or the cookie set by that first load (the page's own scripts and styles). State-changing POSTs accept only the
 * header, which a cross-site page cannot set without a CORS preflight this server never grants.
 */
function presentedToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[TOKEN_HEADER];
  if (typeof header === 'string') return header;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (bearer?.[1]) return bearer[1];
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  return url.searchParams.get('token') ?? cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

/** Whether a request's peer is this machine's loopback: checked on every request, besides binding 127.0.0.1 only. */
export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::ffff:127.0.0.1' || address === '::1';
}

function setCommonHeaders(res: ServerResponse): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The token travels in page and media URLs; never hand it to another site in a Referer.
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseRpcArgs(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? {} : JSON.parse(body);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'body must be a JSON object {"args": [...]}');
  }
  return (parsed as { args?: unknown }).args;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Resolves a URL path inside `root`, or null when it escapes it (`..`, encoded separators, symlinks out). */
async function resolveStatic(root: string, pathname: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return null;
  const candidate = resolve(root, `.${decoded}`);
  const inside = (base: string, path: string) => {
    const rel = relative(base, path);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  if (!inside(root, candidate)) return null;
  try {
    const real = await realpath(candidate);
    return inside(await realpath(root), real) ? real : null;
  } catch {
    return null;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { dispatch, events, media, token, staticDir } = options;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  if (token.length < MIN_TOKEN_LENGTH)
    throw new Error(`the web host token must be at least ${MIN_TOKEN_LENGTH} characters`);
  const root = resolve(staticDir);
  const streams = new Set<ServerResponse>();
  let port = options.port;

  async function handleRpc(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'use POST');
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'content-type must be application/json');
    const args = parseRpcArgs(await readBody(req, maxBodyBytes));
    const result: Result<unknown> = await dispatch(method, args);
    sendJson(res, 200, result);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    const unsubscribers = APP_EVENT_NAMES.map((name) =>
      events.on(name, (payload) => {
        res.write(`event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`);
      }),
    );
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), heartbeatMs);
    streams.add(res);
    const cleanup = () => {
      clearInterval(heartbeat);
      for (const unsubscribe of unsubscribers) unsubscribe();
      streams.delete(res);
    };
    req.on('close', cleanup);
    res.on('error', cleanup);
  }

  async function handleMedia(res: ServerResponse, tail: string): Promise<void> {
    // The tail is matched raw, before any percent-decoding, against the one shape media URLs have.
    const wanted = parseMediaPath(tail);
    if (!wanted) throw new HttpError(404, 'not found');
    const found = await media(wanted.kind, wanted.id);
    if (!isMediaFile(found)) throw new HttpError(found.status, found.message);
    const etag = `"${createHash('sha1').update(found.bytes).digest('base64url')}"`;
    res.writeHead(200, {
      'Content-Type': found.mime,
      'Content-Length': found.bytes.byteLength,
      // Private: a thumbnail is the user's photo. Short-lived: a rescan may replace it under the same id.
      'Cache-Control': 'private, max-age=300',
      ETag: etag,
    });
    res.end(Buffer.from(found.bytes.buffer, found.bytes.byteOffset, found.bytes.byteLength));
  }

  async function handleStatic(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
    const isPage = url.pathname === '/' || url.pathname === '/index.html';
    const file = await resolveStatic(root, isPage ? '/index.html' : url.pathname);
    if (!file) throw new HttpError(404, 'not found');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      throw new HttpError(404, 'not found');
    }
    const headers: Record<string, string> = {
      'Content-Type': MIME_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': url.pathname.startsWith('/assets/') ? 'private, max-age=31536000, immutable' : 'no-store',
    };
    if (isPage) {
      const meta = `<meta name="facets-token" content="${escapeAttribute(token)}"><meta name="facets-base" content="/">`;
      const html = body.toString('utf8');
      body = Buffer.from(html.includes('</head>') ? html.replace('</head>', `${meta}</head>`) : meta + html, 'utf8');
      headers['Content-Security-Policy'] = CONTENT_SECURITY_POLICY;
      // The page's own scripts and styles cannot carry the token; the cookie does, for same-site GETs only.
      headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
    }
    headers['Content-Length'] = String(body.byteLength);
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setCommonHeaders(res);
    if (!isLoopback(req.socket.remoteAddress)) throw new HttpError(403, 'loopback only');
    // A rebinding attack reaches us under the attacker's host name; only our own authority is accepted.
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) throw new HttpError(403, 'unexpected Host');
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${host}`) throw new HttpError(403, 'unexpected Origin');

    const url = new URL(req.url ?? '/', `http://${host}`);
    const given = presentedToken(req, url);
    if (given === null || !tokensMatch(given, token)) throw new HttpError(401, 'missing or wrong token');

    const path = url.pathname;
    if (path.startsWith('/rpc/')) return handleRpc(req, res, path.slice('/rpc/'.length));
    if (path === '/events') {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      return handleEvents(req, res);
    }
    // Raw path (url.pathname would already have resolved `..` segments), so traversal attempts simply do not match.
    const rawPath = (req.url ?? '').split('?')[0] ?? '';
    if (rawPath.startsWith('/media/')) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
      return handleMedia(res, rawPath.slice('/media/'.length));
    }
    return handleStatic(req, res, url);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendText(res, error.status, error.message);
      } else {
        log.error(`${req.method} ${req.url?.split('?')[0]} failed`, error);
        sendText(res, 500, 'internal error');
      }
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, HOST, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    port,
    url: `http://${HOST}:${port}/`,
    close: () =>
      new Promise<void>((resolveClose) => {
        for (const stream of streams) stream.end();
        server.close(() => resolveClose());
        // Keep-alive and SSE sockets would otherwise hold close() open until they time out.
        server.closeAllConnections();
      }),
  };
}
