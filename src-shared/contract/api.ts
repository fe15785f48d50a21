import type { FaceSummary, FileFaces } from '../types/face.js';
import type { JobId, PhotoId, RootId } from '../types/ids.js';
import type { JobIssue, JobProgress } from '../types/job.js';
import type { LibraryStatus, RootSummary } from '../types/library.js';
import type { Page, PhotoDetail, PhotoQuery, PhotoSummary } from '../types/photo.js';

/**
 * Everything the renderer (and any other client) may ask of Facets. Adding a method here, to API_METHODS and to
 * ARG_SCHEMAS is the only way to add IPC; the type checker fails until all three agree.
 */
export interface AppApi {
  library: {
    /** Library folder, roots with photo counts, counts by status and format, and jobs still running. */
    status(): Promise<LibraryStatus>;
    /** Adds a folder to the library (not scanned until `startScan`). A folder inside an existing root is refused. */
    addRoot(path: string): Promise<RootSummary>;
    /** Forgets a root and its photos from the index. Files on disk are never touched. */
    removeRoot(rootId: RootId): Promise<void>;
    /**
     * Scans the given roots (all when omitted) in the background; resumes an interrupted scan first.
     * Progress arrives as `job.progress` events.
     */
    startScan(rootIds?: readonly RootId[]): Promise<JobProgress>;
    /**
     * Analyses (faces) every photo the current models have not analysed yet, in the background; a scan starts this by
     * itself when it ends. Resumes an interrupted run.
     */
    startIndex(): Promise<JobProgress>;
  };
  photos: {
    /** A page of photos, filtered by status, format or root; sorted by date taken unless asked otherwise. */
    list(query: PhotoQuery): Promise<Page<PhotoSummary>>;
    /** Everything known about one photo, including EXIF fields and its problem, if any. */
    get(id: PhotoId): Promise<PhotoDetail>;
    /** The faces found in a photo, left to right. */
    faces(id: PhotoId): Promise<readonly FaceSummary[]>;
  };
  faces: {
    /** Finds the faces in any image file (it is read, never added to the library or changed). */
    detect(path: string): Promise<FileFaces>;
  };
  jobs: {
    /** Recent jobs, newest first; `activeOnly` keeps those still running. */
    list(activeOnly?: boolean): Promise<readonly JobProgress[]>;
    get(id: JobId): Promise<JobProgress>;
    /** What a job met that is not a photo's own problem: files that vanished, folders it could not read. */
    issues(id: JobId): Promise<readonly JobIssue[]>;
    /** Stops a running job at the next file boundary; work already done is kept. */
    cancel(id: JobId): Promise<JobProgress>;
  };
}
