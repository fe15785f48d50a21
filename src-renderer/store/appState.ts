/*
 * The store's shape, one type per slice. Kept apart from the slice implementations so slices can see the whole state
 * (AppState) without importing the module that assembles them.
 */
import type { JobId, RootId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { LibraryStatus } from '../../src-shared/types/library.js';
import type { Page, PhotoSummary } from '../../src-shared/types/photo.js';

export type LibrarySlice = {
  status: LibraryStatus | null;
  photos: Page<PhotoSummary> | null;
  problems: Page<PhotoSummary> | null;
  /** The last failure worth showing (loading or a user action), cleared by dismissError or the next success. */
  libraryError: string | null;
  refreshStatus(): Promise<void>;
  loadPhotos(offset?: number): Promise<void>;
  loadProblems(offset?: number): Promise<void>;
  /** Status plus the pages currently shown, e.g. after photos changed. */
  refreshLibrary(): Promise<void>;
  /** Resolves false (with libraryError set) when the folder was refused. */
  addRoot(path: string): Promise<boolean>;
  removeRoot(rootId: RootId): Promise<void>;
  dismissError(): void;
};

export type JobsSlice = {
  /** Latest known progress per job id, from jobs.list and from job.progress events. */
  jobs: Readonly<Record<number, JobProgress>>;
  jobsError: string | null;
  applyProgress(progress: JobProgress): void;
  loadJobs(): Promise<void>;
  startScan(rootIds?: readonly RootId[]): Promise<void>;
  cancelJob(jobId: JobId): Promise<void>;
};

export type AppState = LibrarySlice & JobsSlice;
