import type { PhotoId, RootId } from '../../src-shared/types/ids.js';
import type { PageRequest } from '../../src-shared/types/person.js';
import type { Page, PhotoSummary } from '../../src-shared/types/photo.js';

/** A plain indexed photo for renderer tests, named after its id. */
export function photoSummary(id: number, overrides: Partial<PhotoSummary> = {}): PhotoSummary {
  return {
    id: id as PhotoId,
    rootId: 1 as RootId,
    path: `/p/${id}.jpg`,
    name: `${id}.jpg`,
    format: 'jpeg',
    width: 10,
    height: 10,
    status: 'ok',
    problem: null,
    takenAt: null,
    thumbUrl: null,
    photoUrl: null,
    ...overrides,
  };
}

/** The page main would answer for a request, over `total` items of which `items` are this page's. */
export function pageOf<T>(items: readonly T[], request: PageRequest = {}, total = items.length): Page<T> {
  return { items, total, offset: request.offset ?? 0, limit: request.limit ?? 100 };
}
