import type { FaceId, PhotoId } from '../types/ids.js';

/** thumb: a photo's thumbnail; photo: the photo itself, rendered for display; face: a face's square crop. */
export const MEDIA_KINDS = ['thumb', 'photo', 'face'] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

export type MediaFile = Readonly<{ mime: string; bytes: Uint8Array }>;

/**
 * Why a media URL has nothing to show: 404 when the id is not indexed or its file is gone, 422 when the file is there
 * but cannot be decoded (damaged, or a codec the decoder lacks). The message is shown to people, never a path.
 */
export type MediaMiss = Readonly<{ status: 404 | 422; message: string }>;

/** What a host serves for a media URL: only bytes the core hands out for an id it knows. */
export type MediaSource = (kind: MediaKind, id: number) => Promise<MediaFile | MediaMiss>;

export function isMediaFile(reply: MediaFile | MediaMiss): reply is MediaFile {
  return 'bytes' in reply;
}

/** The miss for anything that is not an indexed id of the kind asked for. */
export const MEDIA_NOT_FOUND: MediaMiss = { status: 404, message: 'not found' };

/**
 * Where a photo's media is served: `facets-media://media/` in Electron, `http://127.0.0.1:PORT/media/` on the web
 * host. The query (e.g. the web host's token) is appended as given.
 */
export function mediaUrl(base: string, kind: MediaKind, id: PhotoId | FaceId, query = ''): string {
  return `${base.endsWith('/') ? base : `${base}/`}${kind}/${id}${query ? `?${query}` : ''}`;
}

const MEDIA_PATH = new RegExp(`^(${MEDIA_KINDS.join('|')})\\/([1-9][0-9]{0,15})$`);

/** Parses the tail of a media URL path (`thumb/42`, `photo/42`, `face/7`) back into its parts; null for anything else. */
export function parseMediaPath(tail: string): { kind: MediaKind; id: number } | null {
  const match = MEDIA_PATH.exec(tail);
  return match?.[1] && match[2] ? { kind: match[1] as MediaKind, id: Number(match[2]) } : null;
}
