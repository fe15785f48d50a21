import type { JobKind, JobProgress } from '../../src-shared/types/job.js';
import type { LibraryCounts, LibraryStatus, RootSummary } from '../../src-shared/types/library.js';
import type { Page, PhotoSummary } from '../../src-shared/types/photo.js';
import type { ModelInfo } from '../../src-shared/types/model.js';
import type { LibrarySettings } from '../../src-shared/types/settings.js';
import type { AppState, LoadState, SparsePages } from './appState.js';

const NO_ROOTS: readonly RootSummary[] = [];

export function selectStatus(state: AppState): LibraryStatus | null {
  return state.status;
}

export function selectRoots(state: AppState): readonly RootSummary[] {
  return state.status?.roots ?? NO_ROOTS;
}

export function selectCounts(state: AppState): LibraryCounts | null {
  return state.status?.counts ?? null;
}

export function selectLibraryPhotos(state: AppState): SparsePages<PhotoSummary> | null {
  return state.photos;
}

export function selectProblemsPage(state: AppState): Page<PhotoSummary> | null {
  return state.problems;
}

export function selectLibraryError(state: AppState): string | null {
  return state.libraryError;
}

export function selectJobsError(state: AppState): string | null {
  return state.jobsError;
}

const UNFINISHED = new Set<JobProgress['state']>(['running', 'paused', 'interrupted']);

/** The job of a kind to show: one still running (or paused, or interrupted) first, otherwise the most recent. */
export function latestJob(state: AppState, kind: JobKind): JobProgress | null {
  let latest: JobProgress | null = null;
  for (const job of Object.values(state.jobs)) {
    if (job.kind !== kind) continue;
    const active = UNFINISHED.has(job.state);
    const latestActive = latest !== null && UNFINISHED.has(latest.state);
    if (!latest || (active && !latestActive) || (active === latestActive && job.jobId > latest.jobId)) latest = job;
  }
  return latest;
}

export function selectCurrentScan(state: AppState): JobProgress | null {
  return latestJob(state, 'scan');
}

export function selectIsScanning(state: AppState): boolean {
  return selectCurrentScan(state)?.state === 'running';
}

export function selectPhotoTotal(state: AppState): number | undefined {
  return state.photos?.total;
}

export function selectProblemTotal(state: AppState): number | undefined {
  return state.problems?.total;
}

export function selectViewerFaces(state: AppState): AppState['viewerFaces'] {
  return state.viewerFaces;
}

export function selectViewerLoad(state: AppState): AppState['viewerLoad'] {
  return state.viewerLoad;
}

export function selectModels(state: AppState): readonly ModelInfo[] | null {
  return state.models;
}

export function selectModelsLoad(state: AppState): LoadState {
  return state.modelsLoad;
}

export function selectLibrarySettings(state: AppState): LibrarySettings | null {
  return state.librarySettings;
}

export function selectSettingsLoad(state: AppState): LoadState {
  return state.settingsLoad;
}
