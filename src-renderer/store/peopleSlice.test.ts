import { describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { ExportSummary } from '../../src-shared/types/export.js';
import type { FaceSummary } from '../../src-shared/types/face.js';
import type { FaceId, PersonId, PhotoId } from '../../src-shared/types/ids.js';
import type { PageRequest, PeopleQuery, PersonSummary } from '../../src-shared/types/person.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport, ok } from '../api/fakeTransport.js';
import { connectEvents, REFRESH_INTERVAL_MS } from './connectEvents.js';
import { selectSelectedPeople } from './peopleSelectors.js';
import { itemAt } from './sparsePages.js';
import { PERSON_PHOTO_PAGE } from './personSlice.js';
import { createAppStore } from './useAppStore.js';
import { pageOf, photoSummary } from '../testing/photos.js';

function person(id: number, overrides: Partial<PersonSummary> = {}): PersonSummary {
  return {
    id: id as PersonId,
    name: null,
    displayName: `Person ${id}`,
    hidden: false,
    faceCount: 3,
    photoCount: 3,
    confirmedFaces: 0,
    coverFace: null,
    ...overrides,
  };
}

function face(id: number, personId: number | null): FaceSummary {
  return {
    id: id as FaceId,
    photoId: 1 as PhotoId,
    box: { x: 0, y: 0, width: 0.1, height: 0.1 },
    score: 0.9,
    quality: { score: 0.8, size: 100, sharpness: 0.5, yaw: 0, roll: 0 },
    thumbUrl: null,
    person: personId === null ? null : { id: personId as PersonId, name: null, confirmed: true },
  };
}

const photo = (id: number) => photoSummary(id);
const page = pageOf;

/** A small people "main": three people, person 1 with 1000 photos, and new people numbered from 100. */
function setup() {
  let people = [person(1, { photoCount: 1000 }), person(2), person(3)];
  let nextPerson = 100;
  const answer = (method: string, args: readonly unknown[]): Result<unknown> => {
    switch (method) {
      case 'people.list': {
        const query = args[0] as PeopleQuery;
        return ok(
          page(
            people.filter((each) => each.photoCount >= (query.minPhotos ?? 3)),
            query,
          ),
        );
      }
      case 'people.get':
        return ok(people.find((each) => each.id === args[0]));
      case 'people.rename':
        return ok(person(args[0] as number, { name: args[1] as string | null, displayName: String(args[1]) }));
      case 'people.merge': {
        const from = args[1] as PersonId[];
        people = people.filter((each) => !from.includes(each.id));
        return ok(people.find((each) => each.id === args[0]));
      }
      case 'people.photos': {
        const request = args[1] as PageRequest;
        const offset = request.offset ?? 0;
        const count = Math.max(0, Math.min(request.limit ?? 100, 1000 - offset));
        return ok(
          page(
            Array.from({ length: count }, (_, i) => photo(offset + i + 1)),
            request,
            1000,
          ),
        );
      }
      case 'people.faces':
        return ok(page([face(7, 1), face(8, 1)]));
      case 'people.moveFace': {
        const target = args[1] as { person: number } | { newPerson: object };
        return ok(face(args[0] as number, 'person' in target ? target.person : nextPerson++));
      }
      case 'people.findByPhoto':
        return ok({ mode: (args[1] as { mode: string }).mode, width: 1, height: 1, faces: [], photos: [], total: 0 });
      case 'exports.people':
        return ok({ destination: '/out', dryRun: false } as Partial<ExportSummary>);
      default:
        return { ok: false, error: { code: 'unknown-method', message: method } };
    }
  };
  const fake = createFakeTransport(answer);
  const store = createAppStore(createApiClient(fake.transport));
  return { fake, store };
}

describe('people slice', () => {
  it('lists people of the default size, or every cluster when small ones are asked for', async () => {
    const { fake, store } = setup();
    await store.getState().loadPeople();
    await store.getState().setPeopleFilter({ small: true, visibility: 'all' });
    expect(fake.callsOf('people.list').map(([query]) => query)).toEqual([
      { visibility: 'visible', minPhotos: 3, offset: 0, limit: 100 },
      { visibility: 'all', minPhotos: 1, offset: 0, limit: 100 },
    ]);
  });

  it('merges the ticked people into the first, refreshes, and forgets the selection', async () => {
    const { fake, store } = setup();
    await store.getState().loadPeople();
    store.getState().togglePersonSelected(2 as PersonId);
    store.getState().togglePersonSelected(3 as PersonId);
    const merged = await store.getState().mergePeople(selectSelectedPeople(store.getState()));
    expect(merged?.id).toBe(2);
    expect(fake.callsOf('people.merge')).toEqual([[2, [3]]]);
    expect(store.getState().people?.items.map((each) => each.id)).toEqual([1, 2]);
    expect(selectSelectedPeople(store.getState())).toEqual([]);
  });

  it('refuses to merge fewer than two people without asking main', async () => {
    const { fake, store } = setup();
    expect(await store.getState().mergePeople([2 as PersonId])).toBeNull();
    expect(store.getState().peopleError).toMatch(/at least two/);
    expect(fake.callsOf('people.merge')).toEqual([]);
  });

  it('renames with a trimmed name, an empty one unnames, and the list shows it', async () => {
    const { fake, store } = setup();
    await store.getState().loadPeople();
    expect(await store.getState().renamePerson(2 as PersonId, '  Ada  ')).toBe(true);
    await store.getState().renamePerson(3 as PersonId, '   ');
    expect(fake.callsOf('people.rename')).toEqual([
      [2, 'Ada'],
      [3, null],
    ]);
    expect(store.getState().people?.items.find((each) => each.id === 2)?.displayName).toBe('Ada');
  });
});

describe('person slice', () => {
  it('loads a big person a page at a time, each page once', async () => {
    const { fake, store } = setup();
    store.getState().navigate({ name: 'person', personId: 1 as PersonId });
    await store.getState().openPerson(1 as PersonId);
    const photos = () => store.getState().personPhotos!;
    expect(photos().total).toBe(1000);
    expect(itemAt(photos(), 0)?.id).toBe(1);
    expect(itemAt(photos(), PERSON_PHOTO_PAGE * 2)).toBeUndefined();

    await Promise.all([store.getState().loadPersonPhotoPage(2), store.getState().loadPersonPhotoPage(2)]);
    await store.getState().loadPersonPhotoPage(2);
    expect(fake.callsOf('people.photos').map(([, request]) => request)).toEqual([
      { offset: 0, limit: PERSON_PHOTO_PAGE },
      { offset: 2 * PERSON_PHOTO_PAGE, limit: PERSON_PHOTO_PAGE },
    ]);
    expect(itemAt(photos(), PERSON_PHOTO_PAGE * 2)?.id).toBe(PERSON_PHOTO_PAGE * 2 + 1);
    expect(store.getState().personFaces?.items).toHaveLength(2);
  });

  it('sends several faces to one new person, not one new person each', async () => {
    const { fake, store } = setup();
    store.getState().navigate({ name: 'person', personId: 1 as PersonId });
    await store.getState().moveFaces([7 as FaceId, 8 as FaceId], { newPerson: {} });
    expect(fake.callsOf('people.moveFace')).toEqual([
      [7, { newPerson: {} }],
      [8, { person: 100 }],
    ]);
  });
});

describe('find by photo and export', () => {
  it('asks for a path before calling main, then runs in the chosen mode', async () => {
    const { fake, store } = setup();
    await store.getState().findByPhoto('any');
    expect(store.getState().findLoad.error).toMatch(/path/);
    store.getState().setFindPath(' /q.jpg ');
    await store.getState().findByPhoto('any');
    expect(fake.callsOf('people.findByPhoto')).toEqual([['/q.jpg', { mode: 'any', limit: 500 }]]);
    expect(store.getState().findResult?.mode).toBe('any');
  });

  it('shows export progress only while its own export runs', async () => {
    const { fake, store } = setup();
    connectEvents(store, fake.transport.on);
    fake.emit('export.progress', { done: 1, total: 4 });
    expect(store.getState().exportProgress).toBeNull();
    const running = store.getState().runExport({ destination: '/out', mode: 'hardlink' });
    fake.emit('export.progress', { done: 2, total: 4 });
    expect(store.getState().exportProgress).toEqual({ done: 2, total: 4 });
    await running;
    expect(store.getState().exportSummary?.destination).toBe('/out');
  });

  it('refreshes people on people.changed only once the people screen has loaded them', async () => {
    vi.useFakeTimers();
    onTestFinished(() => void vi.useRealTimers());
    const { fake, store } = setup();
    connectEvents(store, fake.transport.on);
    fake.emit('people.changed', { reason: 'clustered' });
    expect(fake.callsOf('people.list')).toHaveLength(0);
    await store.getState().loadPeople();
    fake.emit('people.changed', { reason: 'clustered' });
    // Throttled: the change lands once the interval after the first event has passed.
    await vi.advanceTimersByTimeAsync(REFRESH_INTERVAL_MS);
    expect(fake.callsOf('people.list')).toHaveLength(2);
  });
});
