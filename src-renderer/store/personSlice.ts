import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, PersonSlice } from './appState.js';
import { attempt, failed, IDLE, LOADING } from './attempt.js';
import { createSparsePageLoader, firstPage, withPage } from './sparsePages.js';

/** Photos per request while the person's grid scrolls; the grid asks for the pages its visible rows fall in. */
export const PERSON_PHOTO_PAGE = 240;
export const PERSON_FACE_PAGE = 120;

export function createPersonSlice(api: AppApi): StateCreator<AppState, [], [], PersonSlice> {
  return (set, get) => {
    const recordError = (message: string) => set({ peopleError: message });
    const currentId = () => {
      const { view } = get();
      return view.name === 'person' ? view.personId : null;
    };
    const loadPersonPhotoPage = createSparsePageLoader({
      current: currentId,
      list: () => get().personPhotos,
      fetch: (id, request) => api.people.photos(id, request),
      store: (index, page) =>
        set((state) => ({ personPhotos: state.personPhotos && withPage(state.personPhotos, index, page) })),
      fail: (error) => set({ personLoad: failed(error) }),
    });

    return {
      person: null,
      personLoad: IDLE,
      personPhotos: null,
      personFaces: null,

      async openPerson(id) {
        const switching = get().person?.id !== id;
        set(switching ? { person: null, personPhotos: null, personFaces: null, personLoad: LOADING } : {});
        try {
          const [person, photos] = await Promise.all([
            api.people.get(id),
            api.people.photos(id, { offset: 0, limit: PERSON_PHOTO_PAGE }),
          ]);
          if (currentId() !== id) return;
          set({
            person,
            personLoad: IDLE,
            // A refresh starts the sparse list over: photos may have moved in or out of every page.
            personPhotos: firstPage(photos, PERSON_PHOTO_PAGE),
          });
          await get().loadPersonFaces(switching ? 0 : undefined);
        } catch (error) {
          if (currentId() === id) set({ personLoad: failed(error) });
        }
      },
      loadPersonPhotoPage,
      async loadPersonFaces(offset = get().personFaces?.offset ?? 0) {
        const id = currentId();
        if (id === null) return;
        await attempt(async () => {
          const faces = await api.people.faces(id, { offset, limit: PERSON_FACE_PAGE });
          if (currentId() === id) set({ personFaces: faces });
        }, recordError);
      },
      async moveFaces(faceIds, target) {
        let newPerson = target;
        const done = await attempt(async () => {
          for (const faceId of faceIds) {
            const moved = await api.people.moveFace(faceId, newPerson);
            // Several faces sent to "a new person" go to the same new person, not one each.
            if ('newPerson' in newPerson && moved.person) newPerson = { person: moved.person.id };
          }
          set({ peopleError: null });
        }, recordError);
        await get().refreshPeople();
        return done;
      },
      async rejectFaces(faceIds, verdict) {
        const done = await attempt(async () => {
          for (const faceId of faceIds) await api.people.rejectFace(faceId, verdict);
          set({ peopleError: null });
        }, recordError);
        await get().refreshPeople();
        return done;
      },
      async setCover(faceId) {
        const id = currentId();
        if (id === null) return;
        await attempt(async () => {
          const person = await api.people.setCover(id, faceId);
          set({ person, peopleError: null });
          await get().loadPeople();
        }, recordError);
      },
    };
  };
}
