/* Named selectors for search, the CLIP pack settings and the job panel. They return state as stored, or primitives. */
import type { ClipStatus } from '../../src-shared/types/clip.js';
import type { JobIssue, JobProgress } from '../../src-shared/types/job.js';
import type { SearchResult } from '../../src-shared/types/search.js';
import type { AppState, LoadState } from './appState.js';
import { latestJob } from './selectors.js';

export function selectSearchText(state: AppState): string {
  return state.searchText;
}

export function selectSearchResult(state: AppState): SearchResult | null {
  return state.searchResult;
}

export function selectSearchLoad(state: AppState): LoadState {
  return state.searchLoad;
}

export function selectClipStatus(state: AppState): ClipStatus | null {
  return state.clipStatus;
}

export function selectClipLoad(state: AppState): LoadState {
  return state.clipLoad;
}

/** The pack install started from this window, as its progress last reported it. */
export function selectClipInstallJob(state: AppState): JobProgress | null {
  return state.clipInstallJobId === null ? null : (state.jobs[state.clipInstallJobId] ?? null);
}

export function selectClipEmbedJob(state: AppState): JobProgress | null {
  return latestJob(state, 'clip');
}

export function selectTextJob(state: AppState): JobProgress | null {
  return latestJob(state, 'text');
}

export function selectJobs(state: AppState): AppState['jobs'] {
  return state.jobs;
}

export function selectJobIssues(state: AppState): AppState['jobIssues'] {
  return state.jobIssues;
}

export function selectRunningJobCount(state: AppState): number {
  return Object.values(state.jobs).filter((job) => job.state === 'running').length;
}

/** The running job, if any: the core runs one job at a time. */
export function selectRunningJob(state: AppState): JobProgress | null {
  return Object.values(state.jobs).find((job) => job.state === 'running') ?? null;
}

/** Jobs newest first (ids grow with time); a pure function over `jobs`, for a memo in the component. */
export function jobsNewestFirst(jobs: AppState['jobs']): JobProgress[] {
  return Object.values(jobs).sort((a, b) => b.jobId - a.jobId);
}

/** A job's issues, or null until they were asked for. */
export function issuesOf(issues: AppState['jobIssues'], jobId: number): readonly JobIssue[] | null {
  return issues[jobId] ?? null;
}
