import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { ExportSummary, ScenesExportRequest } from '../../src-shared/types/export.js';
import type { PhotoId, SceneId } from '../../src-shared/types/ids.js';
import type { PageRequest } from '../../src-shared/types/person.js';
import type { SceneSummary, ScenesQuery } from '../../src-shared/types/scene.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport, ok } from '../api/fakeTransport.js';
import { jobProgress } from '../testing/jobProgress.js';
import { pageOf, photoSummary } from '../testing/photos.js';
import { connectEvents } from './connectEvents.js';
import { itemAt } from './sparsePages.js';
import { selectScenesJob, selectSelectedScenes } from './scenesSelectors.js';
import { SCENE_PHOTO_PAGE, SIMILAR_LIMIT } from './scenesSlice.js';
import { createAppStore } from './useAppStore.js';

function scene(id: number, photoCount: number, name: string | null = null): SceneSummary {
  return {
    id: id as SceneId,
    name,
    displayName: name ?? `Scene ${id}`,
    photoCount,
    samples: [photoSummary(id * 100)],
  };
}

/** A fake main with eight scenes, scene 1 holding 600 photos, answering similar photos at growing distances. */
function setup() {
  let scenes = Array.from({ length: 8 }, (_, i) => scene(i + 1, i === 0 ? 600 : 20 - i));
  const answer = (method: string, args: readonly unknown[]): Result<unknown> => {
    switch (method) {
      case 'scenes.list':
        return ok(scenes.slice(0, (args[0] as ScenesQuery).top ?? 5));
      case 'scenes.get': {
        const found = scenes.find((each) => each.id === args[0]);
        return found ? ok(found) : { ok: false, error: { code: 'not-found', message: `no scene ${String(args[0])}` } };
      }
      case 'scenes.photos': {
        const request = args[1] as PageRequest;
        const offset = request.offset ?? 0;
        const count = Math.max(0, Math.min(request.limit ?? 100, 600 - offset));
        return ok(
          pageOf(
            Array.from({ length: count }, (_, i) => photoSummary(offset + i + 1)),
            request,
            600,
          ),
        );
      }
      case 'scenes.rename': {
        const renamed = scene(args[0] as number, 3, args[1] as string | null);
        scenes = scenes.map((each) => (each.id === renamed.id ? renamed : each));
        return ok(renamed);
      }
      case 'scenes.similar':
        return ok([1, 2, 3].map((id) => ({ photo: photoSummary(id), distance: id / 10 })));
      case 'scenes.cluster':
        return ok(jobProgress({ kind: 'scenes', total: 600 }));
      case 'exports.scenes':
        return ok({
          destination: (args[0] as ScenesExportRequest).destination,
          dryRun: false,
        } as Partial<ExportSummary>);
      default:
        return { ok: false, error: { code: 'unknown-method', message: method } };
    }
  };
  const fake = createFakeTransport(answer);
  const store = createAppStore(createApiClient(fake.transport));
  return { fake, store };
}

describe('scenes slice', () => {
  it('lists the five largest scenes, then more when asked', async () => {
    const { fake, store } = setup();
    await store.getState().loadScenes();
    expect(store.getState().scenes).toHaveLength(5);
    await store.getState().loadScenes(store.getState().scenesTop + 5);
    expect(store.getState().scenes).toHaveLength(8);
    // A later refresh keeps showing as many as the user asked for.
    await store.getState().loadScenes();
    expect(fake.callsOf('scenes.list')).toEqual([[{ top: 5 }], [{ top: 10 }], [{ top: 10 }]]);
  });

  it('keeps a failed list as an error to retry, not as an empty library', async () => {
    const fake = createFakeTransport(() => ({ ok: false, error: { code: 'internal', message: 'disk gone' } }));
    const store = createAppStore(createApiClient(fake.transport));
    await store.getState().loadScenes();
    expect(store.getState().scenes).toBeNull();
    expect(store.getState().scenesLoad).toEqual({ loading: false, error: 'disk gone' });
  });

  it('renames with a trimmed name (empty unnames) and shows it in the list and the open scene', async () => {
    const { fake, store } = setup();
    await store.getState().loadScenes();
    store.getState().navigate({ name: 'scene', sceneId: 2 as SceneId });
    await store.getState().openScene(2 as SceneId);
    expect(await store.getState().renameScene(2 as SceneId, '  Beach  ')).toBe(true);
    await store.getState().renameScene(3 as SceneId, ' ');
    expect(fake.callsOf('scenes.rename')).toEqual([
      [2, 'Beach'],
      [3, null],
    ]);
    expect(store.getState().scenes?.find((each) => each.id === 2)?.displayName).toBe('Beach');
    expect(store.getState().scene?.displayName).toBe('Beach');
  });

  it('forgets ticked scenes that a refresh no longer lists', async () => {
    const { store } = setup();
    await store.getState().loadScenes(10);
    store.getState().toggleSceneSelected(2 as SceneId);
    store.getState().toggleSceneSelected(8 as SceneId);
    expect(selectSelectedScenes(store.getState())).toEqual([2, 8]);
    await store.getState().loadScenes(5);
    expect(selectSelectedScenes(store.getState())).toEqual([2]);
  });

  it("loads a big scene's photos a page at a time, each page once", async () => {
    const { fake, store } = setup();
    store.getState().navigate({ name: 'scene', sceneId: 1 as SceneId });
    await store.getState().openScene(1 as SceneId);
    await Promise.all([store.getState().loadScenePhotoPage(1), store.getState().loadScenePhotoPage(1)]);
    expect(fake.callsOf('scenes.photos').map(([, request]) => request)).toEqual([
      { offset: 0, limit: SCENE_PHOTO_PAGE },
      { offset: SCENE_PHOTO_PAGE, limit: SCENE_PHOTO_PAGE },
    ]);
    expect(itemAt(store.getState().scenePhotos!, SCENE_PHOTO_PAGE)?.id).toBe(SCENE_PHOTO_PAGE + 1);
  });

  it('shows why a scene could not be opened', async () => {
    const { store } = setup();
    store.getState().navigate({ name: 'scene', sceneId: 99 as SceneId });
    await store.getState().openScene(99 as SceneId);
    expect(store.getState().sceneLoad.error).toMatch(/no scene 99/);
  });

  it('asks for the nearest backgrounds of one photo and keeps them with their distances', async () => {
    const { fake, store } = setup();
    const query = photoSummary(7);
    await store.getState().findSimilar(query);
    expect(fake.callsOf('scenes.similar')).toEqual([[7 as PhotoId, SIMILAR_LIMIT]]);
    expect(store.getState().similar?.photo).toBe(query);
    expect(store.getState().similar?.results?.map((each) => each.distance)).toEqual([0.1, 0.2, 0.3]);
    store.getState().closeSimilar();
    expect(store.getState().similar).toBeNull();
  });

  it('starts re-clustering and follows its job', async () => {
    const { store } = setup();
    await store.getState().reclusterScenes();
    expect(selectScenesJob(store.getState())?.total).toBe(600);
  });

  it('reloads the list when a scenes job stops, once the list was opened', async () => {
    const { fake, store } = setup();
    const disconnect = connectEvents(store, fake.transport.on);
    await store.getState().loadScenes();
    fake.emit('job.progress', jobProgress({ kind: 'scenes', state: 'running' }));
    fake.emit('job.progress', jobProgress({ kind: 'scenes', state: 'done' }));
    await Promise.resolve();
    expect(fake.callsOf('scenes.list')).toHaveLength(2);
    disconnect();
  });
});

describe('export of scenes', () => {
  it('sends the scenes export request and keeps its summary', async () => {
    const { fake, store } = setup();
    await store.getState().runScenesExport({ destination: '/out', mode: 'copy', scenes: [2 as SceneId] });
    expect(fake.callsOf('exports.scenes')).toEqual([[{ destination: '/out', mode: 'copy', scenes: [2] }]]);
    expect(store.getState().exportSummary?.destination).toBe('/out');
    expect(store.getState().exportLoad.loading).toBe(false);
  });

  it('opens the export dialog about scenes, and keeps the subject when reopened without one', () => {
    const { store } = setup();
    store.getState().setExportOpen(true, 'scenes');
    store.getState().setExportOpen(false);
    store.getState().setExportOpen(true);
    expect(store.getState().exportSubject).toBe('scenes');
  });
});
