import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { PersonId } from '../../src-shared/types/ids.js';
import { DEFAULT_MIN_PHOTOS, type PersonSummary } from '../../src-shared/types/person.js';
import type { AppState, PeopleSlice } from './appState.js';
import { attempt, failed, IDLE, LOADING } from './attempt.js';

export const PEOPLE_PAGE_SIZE = 100;
export const UNASSIGNED_PAGE_SIZE = 120;
export const SUGGESTION_LIMIT = 12;

export function createPeopleSlice(api: AppApi): StateCreator<AppState, [], [], PeopleSlice> {
  return (set, get) => {
    const recordError = (message: string) => set({ peopleError: message });

    return {
      people: null,
      peopleLoad: IDLE,
      peopleFilter: { visibility: 'visible', small: false },
      selectedPeople: [],
      suggestions: null,
      unassigned: null,
      peopleError: null,

      async loadPeople(offset = get().people?.offset ?? 0) {
        const { visibility, small } = get().peopleFilter;
        set({ peopleLoad: LOADING });
        try {
          const people = await api.people.list({
            visibility,
            minPhotos: small ? 1 : DEFAULT_MIN_PHOTOS,
            offset,
            limit: PEOPLE_PAGE_SIZE,
          });
          // A person merged away or filtered out cannot stay ticked.
          const shown = new Set<PersonId>(people.items.map((person) => person.id));
          set((state) => ({
            people,
            peopleLoad: IDLE,
            selectedPeople: state.selectedPeople.filter((id) => shown.has(id)),
          }));
        } catch (error) {
          set({ peopleLoad: failed(error) });
        }
      },
      async setPeopleFilter(filter) {
        set((state) => ({ peopleFilter: { ...state.peopleFilter, ...filter } }));
        await get().loadPeople(0);
      },
      togglePersonSelected(id) {
        set((state) => ({
          selectedPeople: state.selectedPeople.includes(id)
            ? state.selectedPeople.filter((each) => each !== id)
            : [...state.selectedPeople, id],
        }));
      },
      clearPeopleSelection() {
        set({ selectedPeople: [] });
      },
      async loadSuggestions() {
        await attempt(async () => set({ suggestions: await api.people.suggestions(SUGGESTION_LIMIT) }), recordError);
      },
      async loadUnassigned(offset = get().unassigned?.offset ?? 0) {
        await attempt(
          async () => set({ unassigned: await api.people.unassigned({ offset, limit: UNASSIGNED_PAGE_SIZE }) }),
          recordError,
        );
      },
      async renamePerson(id, name) {
        const trimmed = name.trim();
        return attempt(async () => {
          const renamed = await api.people.rename(id, trimmed === '' ? null : trimmed);
          set((state) => ({
            peopleError: null,
            people: state.people && {
              ...state.people,
              items: state.people.items.map((person) => (person.id === id ? renamed : person)),
            },
            person: state.person?.id === id ? renamed : state.person,
          }));
        }, recordError);
      },
      async mergePeople(ids) {
        const [into, ...from] = ids;
        if (into === undefined || from.length === 0) {
          recordError('Choose at least two people to merge.');
          return null;
        }
        let merged: PersonSummary | null = null;
        await attempt(async () => {
          merged = await api.people.merge(into, from);
          set({ peopleError: null, selectedPeople: [] });
          await get().refreshPeople();
        }, recordError);
        return merged;
      },
      async setPersonHidden(id, hidden) {
        await attempt(async () => {
          const changed = await api.people.setHidden(id, hidden);
          set((state) => ({ peopleError: null, person: state.person?.id === id ? changed : state.person }));
          await get().loadPeople();
        }, recordError);
      },
      async recluster() {
        await attempt(async () => {
          set({ peopleError: null });
          get().applyProgress(await api.people.cluster('full'));
        }, recordError);
      },
      async refreshPeople() {
        const { view, loadPeople, loadSuggestions, loadUnassigned, openPerson } = get();
        const work: Promise<void>[] = [loadPeople()];
        if (get().suggestions) work.push(loadSuggestions());
        if (get().unassigned) work.push(loadUnassigned());
        if (view.name === 'person') work.push(openPerson(view.personId));
        await Promise.all(work);
      },
      dismissPeopleError() {
        set({ peopleError: null });
      },
    };
  };
}
