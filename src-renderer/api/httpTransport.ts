import type { Result } from '../../src-shared/contract/errors.js';
import type { AppEventName } from '../../src-shared/contract/events.js';
import type { Transport } from './transport.js';

type Listener = (payload: unknown) => void;

function meta(name: string): string | null {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content ?? null;
}

function isResult(value: unknown): value is Result<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

/**
 * The loopback web host: POST /rpc/:method for calls, one EventSource on /events for all events. The web host puts
 * its token into the page (`<meta name="facets-token">`); EventSource cannot send headers, so it goes in the query.
 */
export function createHttpTransport(): Transport {
  const token = meta('facets-token');
  const base = meta('facets-base') ?? '/';
  if (!token) throw new Error('This page was not served by the Facets web host (no access token).');

  const listeners = new Map<string, Set<Listener>>();
  let source: EventSource | null = null;

  function subscribe(name: AppEventName, listener: Listener): () => void {
    source ??= new EventSource(`${base}events?token=${encodeURIComponent(token!)}`);
    let set = listeners.get(name);
    if (!set) {
      listeners.set(name, (set = new Set()));
      const bucket = set;
      source.addEventListener(name, (event) => {
        const payload: unknown = JSON.parse((event as MessageEvent<string>).data);
        for (const each of bucket) each(payload);
      });
    }
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  return {
    async invoke(method, args) {
      let response: Response;
      try {
        response = await fetch(`${base}rpc/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Facets-Token': token },
          body: JSON.stringify({ args }),
        });
      } catch {
        return { ok: false, error: { code: 'io', message: 'Facets is not reachable. Is the web host still running?' } };
      }
      const body: unknown = response.ok ? await response.json().catch(() => null) : null;
      if (isResult(body)) return body;
      const code = response.status === 401 || response.status === 403 ? 'unauthorized' : 'internal';
      return { ok: false, error: { code, message: `${method} failed: HTTP ${response.status}` } };
    },
    on(name, listener) {
      return subscribe(name, listener as Listener);
    },
    pathForFile: () => null,
  };
}
