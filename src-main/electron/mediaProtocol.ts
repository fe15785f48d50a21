import { protocol } from 'electron';
import { parseMediaPath, type MediaSource } from '../../src-shared/util/media.js';

export const MEDIA_SCHEME = 'facets-media';
const MEDIA_HOST = 'media';

/** `facets-media://media/thumb/42` → the core's thumbnail for photo 42 (`face/7`: face 7). Nothing else on disk is reachable. */
export function handleMediaProtocol(media: MediaSource): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    const wanted = url.host === MEDIA_HOST && request.method === 'GET' ? parseMediaPath(url.pathname.slice(1)) : null;
    const found = wanted ? media(wanted.kind, wanted.id) : null;
    if (!found) return new Response('not found', { status: 404, headers: { 'Content-Type': 'text/plain' } });
    return new Response(found.bytes, {
      headers: {
        'Content-Type': found.mime,
        'Cache-Control': 'private, max-age=300',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
