import type { PhotoId } from '../types/ids.js';

export type MediaKind = 'thumb';

/**
 * Where a photo's media is served: `facets-media://media/` in Electron, `http://127.0.0.1:PORT/media/` on the web
 * host. The query (e.g. the web host's token) is appended as given.
 */
export function mediaUrl(base: string, kind: MediaKind, id: PhotoId, query = ''): string {
  return `${base.endsWith('/') ? base : `${base}/`}${kind}/${id}${query ? `?${query}` : ''}`;
}

/** Parses the tail of a media URL path (`thumb/42`) back into its parts; null for anything else. */
export function parseMediaPath(tail: string): { kind: MediaKind; id: number } | null {
  const match = /^thumb\/([1-9][0-9]{0,15})$/.exec(tail);
  return match?.[1] ? { kind: 'thumb', id: Number(match[1]) } : null;
}
