import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { FaceSummary } from '../../src-shared/types/face.js';
import type { FaceId, PersonId, PhotoId } from '../../src-shared/types/ids.js';
import { createApiClient } from '../api/client.js';
import type { Transport } from '../api/transport.js';
import { selectViewerFaces, selectViewerLoad } from './selectors.js';
import { createAppStore } from './useAppStore.js';

const face = (photoId: number): FaceSummary => ({
  id: (photoId * 10) as FaceId,
  photoId: photoId as PhotoId,
  box: { x: 0.1, y: 0.2, width: 0.3, height: 0.4 },
  score: 0.9,
  quality: { score: 0.8, size: 120, sharpness: 0.7, yaw: 0, roll: 0 },
  thumbUrl: null,
  person: { id: 3 as PersonId, name: null, confirmed: false },
});

/** A transport whose photos.faces answers arrive only when the test releases them, in any order. */
function deferredFaces() {
  const pending = new Map<number, (result: Result<unknown>) => void>();
  const transport: Transport = {
    invoke: (_method, args) => new Promise((resolve) => pending.set(args[0] as number, resolve)),
    on: () => () => undefined,
    pathForFile: () => null,
  };
  const release = (photoId: number) => pending.get(photoId)?.({ ok: true, value: [face(photoId)] });
  const fail = (photoId: number) =>
    pending.get(photoId)?.({ ok: false, error: { code: 'not-found', message: `no photo ${photoId}` } });
  return { transport, release, fail };
}

describe('viewer slice', () => {
  it('shows the faces of the photo asked for last, whatever order the answers arrive in', async () => {
    const { transport, release } = deferredFaces();
    const store = createAppStore(createApiClient(transport));
    const first = store.getState().loadPhotoFaces(1 as PhotoId);
    const second = store.getState().loadPhotoFaces(2 as PhotoId);
    expect(selectViewerLoad(store.getState()).loading).toBe(true);
    release(2);
    await second;
    release(1);
    await first;
    expect(selectViewerFaces(store.getState())).toEqual({ photoId: 2, faces: [face(2)] });
    expect(selectViewerLoad(store.getState())).toEqual({ loading: false, error: null });
  });

  it('reports a failure with its message and no faces', async () => {
    const { transport, fail } = deferredFaces();
    const store = createAppStore(createApiClient(transport));
    const load = store.getState().loadPhotoFaces(7 as PhotoId);
    fail(7);
    await load;
    expect(selectViewerFaces(store.getState())).toBeNull();
    expect(selectViewerLoad(store.getState()).error).toContain('no photo 7');
  });
});
