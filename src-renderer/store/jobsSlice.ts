import type { StateCreator } from 'zustand';
import type { AppApi } from '../../src-shared/contract/api.js';
import type { JobId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import { errorMessage } from '../api/client.js';
import type { AppState, JobsSlice } from './appState.js';

const FINISHED = new Set<JobProgress['state']>(['done', 'cancelled', 'failed']);

/**
 * Answers to jobs.list can cross events in flight, so an older snapshot must not overwrite a newer one: a finished job
 * stays finished, and a running job only moves forward.
 */
export function isNewerProgress(previous: JobProgress | undefined, next: JobProgress): boolean {
  if (!previous) return true;
  if (FINISHED.has(previous.state)) return false;
  if (previous.state === 'running' && next.state === 'running') return next.done >= previous.done;
  return true;
}

export function createJobsSlice(api: AppApi): StateCreator<AppState, [], [], JobsSlice> {
  return (set, get) => {
    /** Cancel, pause, resume: main answers the job as it now is; a refusal shows as the jobs error. */
    const control = (call: (jobId: JobId) => Promise<JobProgress>) => async (jobId: JobId) => {
      try {
        set({ jobsError: null });
        get().applyProgress(await call(jobId));
      } catch (error) {
        set({ jobsError: errorMessage(error) });
      }
    };
    return {
      jobs: {},
      jobsError: null,
      jobIssues: {},

      applyProgress(progress) {
        if (!isNewerProgress(get().jobs[progress.jobId], progress)) return;
        set((state) => ({ jobs: { ...state.jobs, [progress.jobId]: progress } }));
      },
      async loadJobs() {
        try {
          const recent = await api.jobs.list(false);
          for (const progress of recent) get().applyProgress(progress);
        } catch (error) {
          set({ jobsError: errorMessage(error) });
        }
      },
      async refreshJob(jobId) {
        try {
          get().applyProgress(await api.jobs.get(jobId));
        } catch (error) {
          set({ jobsError: errorMessage(error) });
        }
      },
      async startScan(rootIds) {
        try {
          set({ jobsError: null });
          get().applyProgress(await api.library.startScan(rootIds));
        } catch (error) {
          set({ jobsError: errorMessage(error) });
        }
      },
      async startText() {
        try {
          set({ jobsError: null });
          get().applyProgress(await api.library.startText());
        } catch (error) {
          set({ jobsError: errorMessage(error) });
        }
      },
      async loadJobIssues(jobId) {
        try {
          const issues = await api.jobs.issues(jobId);
          set((state) => ({ jobIssues: { ...state.jobIssues, [jobId]: issues } }));
        } catch (error) {
          set({ jobsError: errorMessage(error) });
        }
      },
      dismissJobsError() {
        set({ jobsError: null });
      },
      cancelJob: control((jobId) => api.jobs.cancel(jobId)),
      pauseJob: control((jobId) => api.jobs.pause(jobId)),
      resumeJob: control((jobId) => api.jobs.resume(jobId)),
    };
  };
}
