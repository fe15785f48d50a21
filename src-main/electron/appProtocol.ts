import { net, protocol } from 'electron';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/*
 * The renderer is served from its own privileged scheme rather than file://, so it has a real origin: CSP 'self',
 * the IPC sender check and navigation blocking can all name exactly one place (Electron security checklist §18).
 */
export const APP_SCHEME = 'facets-app';
const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Custom schemes have an opaque `URL.origin`, so the scheme and host are compared instead. */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === `${APP_SCHEME}:` && url.host === APP_HOST;
  } catch {
    return false;
  }
}

const notFound = () => new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });

export function handleAppProtocol(rendererDir: string, contentSecurityPolicy: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || request.method !== 'GET') return notFound();
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    } catch {
      return notFound();
    }
    const target = resolve(root, `.${pathname}`);
    const rel = relative(root, target);
    if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || pathname.includes('\0')) return notFound();
    // net.fetch reads inside app.asar and sets the content type from the extension.
    const file = await net.fetch(pathToFileURL(target).toString());
    if (!file.ok) return notFound();
    const headers = new Headers(file.headers);
    headers.set('Content-Security-Policy', contentSecurityPolicy);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(file.body, { status: 200, headers });
  });
}
