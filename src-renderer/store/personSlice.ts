import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppState, PersonSlice } from './appState.js';
import { attempt, failed, IDLE, LOADING } from './attempt.js';

/** Photos per request while the person's grid scrolls; the grid asks for the pages its visible rows fall in. */
export const PERSON_PHOTO_PAGE = 240;
export const PERSON_FACE_PAGE = 120;

export function createPersonSlice(api: AppApi): StateCreator<AppState, [], [], PersonSlice> {
  return (set, get) => {
    // Pages on their way, so scrolling past a page many times a second asks for it once.
    const inFlight = new Set<string>();
    const recordError = (message: string) => set({ peopleError: message });
    const currentId = () => {
      const { view } = get();
      return view.name === 'person' ? view.personId : null;
    };

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
            personPhotos: { total: photos.total, pageSize: PERSON_PHOTO_PAGE, pages: { 0: photos.items } },
          });
          await get().loadPersonFaces(switching ? 0 : undefined);
        } catch (error) {
          if (currentId() === id) set({ personLoad: failed(error) });
        }
      },
      async loadPersonPhotoPage(index) {
        const id = currentId();
        const photos = get().personPhotos;
        const key = `${id}:${index}`;
        if (id === null || !photos || photos.pages[index] || inFlight.has(key)) return;
        inFlight.add(key);
        try {
          const page = await api.people.photos(id, { offset: index * photos.pageSize, limit: photos.pageSize });
          if (currentId() !== id) return;
          set((state) => ({
            personPhotos: state.personPhotos && {
              ...state.personPhotos,
              total: page.total,
              pages: { ...state.personPhotos.pages, [index]: page.items },
            },
          }));
        } catch (error) {
          set({ personLoad: failed(error) });
        } finally {
          inFlight.delete(key);
        }
      },
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
