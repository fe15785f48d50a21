import { protocol } from 'electron';
import { isMediaFile, MEDIA_NOT_FOUND, parseMediaPath, type MediaSource } from '../../src-shared/util/media.js';

export const MEDIA_SCHEME = 'facets-media';
const MEDIA_HOST = 'media';

/**
 * `facets-media://media/thumb/42` → the core's thumbnail for photo 42 (`photo/42`: the photo rendered for display,
 * `face/7`: face 7). Nothing else on disk is reachable: the core takes a kind and an id, never a path.
 */
export function handleMediaProtocol(media: MediaSource): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    const wanted = url.host === MEDIA_HOST && request.method === 'GET' ? parseMediaPath(url.pathname.slice(1)) : null;
    const found = wanted ? await media(wanted.kind, wanted.id) : MEDIA_NOT_FOUND;
    if (!isMediaFile(found)) {
      return new Response(found.message, {
        status: found.status,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' },
      });
    }
    return new Response(found.bytes, {
      headers: {
        'Content-Type': found.mime,
        'Cache-Control': 'private, max-age=300',
        'X-Content-Type-Options': 'nosniff',
      },
    });
  });
}
