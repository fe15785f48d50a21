import type { FaceId, PhotoId } from '../types/ids.js';

/** thumb: a photo's thumbnail; face: a face's square crop. */
export type MediaKind = 'thumb' | 'face';

/** What a host serves for a media URL: only bytes the core hands out for an id it knows. */
export type MediaSource = (kind: MediaKind, id: number) => Readonly<{ mime: string; bytes: Uint8Array }> | null;

/**
 * Where a photo's media is served: `facets-media://media/` in Electron, `http://127.0.0.1:PORT/media/` on the web
 * host. The query (e.g. the web host's token) is appended as given.
 */
export function mediaUrl(base: string, kind: MediaKind, id: PhotoId | FaceId, query = ''): string {
  return `${base.endsWith('/') ? base : `${base}/`}${kind}/${id}${query ? `?${query}` : ''}`;
}

/** Parses the tail of a media URL path (`thumb/42`, `face/7`) back into its parts; null for anything else. */
export function parseMediaPath(tail: string): { kind: MediaKind; id: number } | null {
  const match = /^(thumb|face)\/([1-9][0-9]{0,15})$/.exec(tail);
  return match?.[1] && match[2] ? { kind: match[1] as MediaKind, id: Number(match[2]) } : null;
}
