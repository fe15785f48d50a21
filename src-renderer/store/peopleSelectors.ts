import type { ExportProgress, ExportSummary } from '../../src-shared/types/export.js';
import type { FaceSummary } from '../../src-shared/types/face.js';
import type { PersonId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { FindByPhotoResult, MergeSuggestion, PersonSummary } from '../../src-shared/types/person.js';
import type { Page, PhotoSummary } from '../../src-shared/types/photo.js';
import type { AppState, LoadState, PeopleFilter, SparsePages, View } from './appState.js';
import { latestJob } from './selectors.js';

const NOTHING_SELECTED: readonly PersonId[] = [];

export function selectView(state: AppState): View {
  return state.view;
}

export function selectExportOpen(state: AppState): boolean {
  return state.exportOpen;
}

export function selectPeoplePage(state: AppState): Page<PersonSummary> | null {
  return state.people;
}

export function selectPeopleLoad(state: AppState): LoadState {
  return state.peopleLoad;
}

export function selectPeopleFilter(state: AppState): PeopleFilter {
  return state.peopleFilter;
}

export function selectPeopleTotal(state: AppState): number | undefined {
  return state.people?.total;
}

export function selectSelectedPeople(state: AppState): readonly PersonId[] {
  return state.selectedPeople.length === 0 ? NOTHING_SELECTED : state.selectedPeople;
}

export function selectSuggestions(state: AppState): readonly MergeSuggestion[] | null {
  return state.suggestions;
}

export function selectUnassigned(state: AppState): Page<FaceSummary> | null {
  return state.unassigned;
}

export function selectPeopleError(state: AppState): string | null {
  return state.peopleError;
}

export function selectPerson(state: AppState): PersonSummary | null {
  return state.person;
}

export function selectPersonLoad(state: AppState): LoadState {
  return state.personLoad;
}

export function selectPersonPhotos(state: AppState): SparsePages<PhotoSummary> | null {
  return state.personPhotos;
}

export function selectPersonFaces(state: AppState): Page<FaceSummary> | null {
  return state.personFaces;
}

export function selectFindPath(state: AppState): string {
  return state.findPath;
}

export function selectFindMode(state: AppState): 'all' | 'any' {
  return state.findMode;
}

export function selectFindResult(state: AppState): FindByPhotoResult | null {
  return state.findResult;
}

export function selectFindLoad(state: AppState): LoadState {
  return state.findLoad;
}

export function selectExportProgress(state: AppState): ExportProgress | null {
  return state.exportProgress;
}

export function selectExportSummary(state: AppState): ExportSummary | null {
  return state.exportSummary;
}

export function selectExportLoad(state: AppState): LoadState {
  return state.exportLoad;
}

export function selectClusterJob(state: AppState): JobProgress | null {
  return latestJob(state, 'cluster');
}
