import type { ClipPackSource, ClipStatus } from '../types/clip.js';
import type { ExportSummary, PeopleExportRequest, ScenesExportRequest } from '../types/export.js';
import type { FaceSummary, FileFaces } from '../types/face.js';
import type { FaceId, JobId, PersonId, PhotoId, RootId, SceneId } from '../types/ids.js';
import type {
  FaceTarget,
  FindByPhotoOptions,
  FindByPhotoResult,
  MergeSuggestion,
  PageRequest,
  PeopleQuery,
  PersonSummary,
} from '../types/person.js';
import type { JobIssue, JobProgress } from '../types/job.js';
import type { LibraryStatus, RootSummary } from '../types/library.js';
import type { Page, PhotoDetail, PhotoQuery, PhotoSummary } from '../types/photo.js';
import type { ModelInfo } from '../types/model.js';
import type { LibrarySettings, LibrarySettingsPatch } from '../types/settings.js';
import type { SearchQuery, SearchResult } from '../types/search.js';
import type { SceneSummary, ScenesQuery, SimilarPhoto } from '../types/scene.js';

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
    /**
     * Reads the text in photos (OCR) for search, in the background: the slowest analysis, so it runs after faces and
     * scenes (a finished clustering starts it by itself). Cancellable; resumes where it stopped.
     */
    startText(): Promise<JobProgress>;
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
  people: {
    /** People with at least `minPhotos` photos (default 3), most photos first; hidden ones only on request. */
    list(query: PeopleQuery): Promise<Page<PersonSummary>>;
    get(id: PersonId): Promise<PersonSummary>;
    /** A person's photos, newest first. */
    photos(id: PersonId, page: PageRequest): Promise<Page<PhotoSummary>>;
    /** A person's faces, best quality first. */
    faces(id: PersonId, page: PageRequest): Promise<Page<FaceSummary>>;
    /** Faces in no person: singletons and faces the user took out. */
    unassigned(page: PageRequest): Promise<Page<FaceSummary>>;
    /** Names a person (null unnames); the person's faces become confirmed and clustering never moves them again. */
    rename(id: PersonId, name: string | null): Promise<PersonSummary>;
    /** Merges people into `into` (a must-link that every later clustering keeps). */
    merge(into: PersonId, from: readonly PersonId[]): Promise<PersonSummary>;
    /** Moves a face to another person or a new one; it is never put back into its old person. */
    moveFace(faceId: FaceId, target: FaceTarget): Promise<FaceSummary>;
    /** "Not this person" (out of its person for good) or "not a face" (out of people altogether). */
    rejectFace(faceId: FaceId, verdict: 'notThisPerson' | 'notAFace'): Promise<void>;
    setHidden(id: PersonId, hidden: boolean): Promise<PersonSummary>;
    setCover(id: PersonId, faceId: FaceId): Promise<PersonSummary>;
    /** Pairs of people who may be one (closest first); never two seen together in a photo. */
    suggestions(limit?: number): Promise<readonly MergeSuggestion[]>;
    /** Clusters in the background: 'incremental' (default) places new faces; 'full' re-clusters keeping corrections. */
    cluster(mode?: 'incremental' | 'full'): Promise<JobProgress>;
    /** Finds the faces in any image file and the library photos holding all (or any) of their people. */
    findByPhoto(path: string, options?: FindByPhotoOptions): Promise<FindByPhotoResult>;
  };
  scenes: {
    /** The largest scenes (default DEFAULT_TOP_SCENES), each with the photos nearest its centre. */
    list(query: ScenesQuery): Promise<readonly SceneSummary[]>;
    get(id: SceneId): Promise<SceneSummary>;
    /** A scene's photos, most typical first. */
    photos(id: SceneId, page: PageRequest): Promise<Page<PhotoSummary>>;
    /** Names a scene (null unnames): its photos are then found by the name, and re-clustering keeps it. */
    rename(id: SceneId, name: string | null): Promise<SceneSummary>;
    /** "More like this": the photos whose backgrounds are nearest the photo's (default 20), nearest first. */
    similar(photoId: PhotoId, limit?: number): Promise<readonly SimilarPhoto[]>;
    /** Clusters every photo's background again in the background; named scenes keep their names. */
    cluster(): Promise<JobProgress>;
  };
  exports: {
    /**
     * Exports people to one folder each (copy, hard link or symlink) with a manifest beside them; originals are never
     * modified or moved, re-running changes nothing, and a name collision never overwrites a file. Progress arrives as
     * `export.progress` events.
     */
    people(request: PeopleExportRequest): Promise<ExportSummary>;
    /** Exports scenes to one folder each, exactly as `people` does. */
    scenes(request: ScenesExportRequest): Promise<ExportSummary>;
  };
  search: {
    /**
     * Photos for the words typed, ranked, each with why it matched (object tag, text read in it, a person's or
     * scene's name, folder, date, CLIP similarity), and which engine answered: offline, or blended with CLIP when a
     * pack is installed.
     */
    text(query: SearchQuery): Promise<SearchResult>;
  };
  clip: {
    /** Installed CLIP packs, the active one, and how many photos it has embedded. */
    status(): Promise<ClipStatus>;
    /**
     * Installs a CLIP pack from a folder, or downloads one from a pinned manifest (resuming a partial download), every
     * file checked by sha-256; then makes it active and embeds the photos. A bad pack leaves the installed ones intact.
     */
    install(source: ClipPackSource): Promise<JobProgress>;
    /** Makes an installed pack the one search uses (null: offline search only). */
    activate(id: string | null): Promise<ClipStatus>;
    remove(id: string): Promise<ClipStatus>;
    /** Embeds the photos the active pack has not embedded yet, in the background. */
    embed(): Promise<JobProgress>;
  };
  settings: {
    /** The library's analysis settings (defaults until the user changes one). */
    get(): Promise<LibrarySettings>;
    /** Changes some settings and answers all of them; they apply from the next clustering (find by photo at once). */
    set(patch: LibrarySettingsPatch): Promise<LibrarySettings>;
  };
  models: {
    /** The models analysis runs, each checked against the manifest's pinned sha-256, with source and licence. */
    list(): Promise<readonly ModelInfo[]>;
  };
  jobs: {
    /** Recent jobs, newest first; `activeOnly` keeps those still running. */
    list(activeOnly?: boolean): Promise<readonly JobProgress[]>;
    get(id: JobId): Promise<JobProgress>;
    /** What a job met that is not a photo's own problem: files that vanished, folders it could not read. */
    issues(id: JobId): Promise<readonly JobIssue[]>;
    /** Stops a running (or paused) job at the next file boundary for good; work already done is kept. */
    cancel(id: JobId): Promise<JobProgress>;
    /**
     * Pauses a running job: it takes no new photos, finishes those in flight, and answers once it is `paused`, with
     * everything done so far written. Pausing a paused job answers it as it is; a job that is not running: conflict.
     */
    pause(id: JobId): Promise<JobProgress>;
    /**
     * Continues a paused job where it stopped (busy while another job runs), also after the app was restarted; a
     * clustering or pack install paused before a restart is started anew instead (conflict says so). Starting a job's
     * kind again (e.g. Scan) also continues its paused job. A job that is not paused: conflict.
     */
    resume(id: JobId): Promise<JobProgress>;
  };
}
