/*
 * The store's shape, one type per slice. Kept apart from the slice implementations so slices can see the whole state
 * (AppState) without importing the module that assembles them.
 */
import type { ModelInfo } from '../../src-shared/types/model.js';
import type { LibrarySettings, LibrarySettingsPatch } from '../../src-shared/types/settings.js';
import type {
  ExportProgress,
  ExportSummary,
  PeopleExportRequest,
  ScenesExportRequest,
} from '../../src-shared/types/export.js';
import type { FaceSummary } from '../../src-shared/types/face.js';
import type { FaceId, JobId, PersonId, PhotoId, RootId, SceneId } from '../../src-shared/types/ids.js';
import type { FaceTarget, FindByPhotoResult, MergeSuggestion, PersonSummary } from '../../src-shared/types/person.js';
import type { ClipPackSource, ClipStatus } from '../../src-shared/types/clip.js';
import type { JobIssue, JobProgress } from '../../src-shared/types/job.js';
import type { SearchResult } from '../../src-shared/types/search.js';
import type { LibraryStatus } from '../../src-shared/types/library.js';
import type { Page, PhotoSummary } from '../../src-shared/types/photo.js';
import type { SceneSummary, SimilarPhoto } from '../../src-shared/types/scene.js';

export type LibrarySlice = {
  status: LibraryStatus | null;
  /** Every photo with a picture, newest first, loaded a page at a time as the grid scrolls. */
  photos: SparsePages<PhotoSummary> | null;
  problems: Page<PhotoSummary> | null;
  /** The last failure worth showing (loading or a user action), cleared by dismissError or the next success. */
  libraryError: string | null;
  refreshStatus(): Promise<void>;
  /** Loads the grid's list afresh (its first page). */
  loadPhotos(): Promise<void>;
  loadPhotoPage(index: number): Promise<void>;
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
  /** One job's state from main: a job that throws ends without a last progress event, so its watchers ask. */
  refreshJob(jobId: JobId): Promise<void>;
  startScan(rootIds?: readonly RootId[]): Promise<void>;
  /** Reads the text in photos (OCR) for search; refused while another kind of job runs. */
  startText(): Promise<void>;
  cancelJob(jobId: JobId): Promise<void>;
  /** Stops a running job at its next safe point; resolves once it is paused. */
  pauseJob(jobId: JobId): Promise<void>;
  resumeJob(jobId: JobId): Promise<void>;
  /** What each job met that is not a photo's own problem, by job id, once asked for. */
  jobIssues: Readonly<Record<number, readonly JobIssue[]>>;
  loadJobIssues(jobId: JobId): Promise<void>;
  dismissJobsError(): void;
};

/** Which screen is showing; the person screen remembers whom it shows. */
export type View = Readonly<
  | { name: 'library' }
  | { name: 'people' }
  | { name: 'person'; personId: PersonId }
  | { name: 'scenes' }
  | { name: 'scene'; sceneId: SceneId }
  | { name: 'find' }
  | { name: 'search' }
  | { name: 'settings' }
>;

/** What the export dialog exports: people (one folder per person) or scenes (one folder per scene). */
export type ExportSubject = 'people' | 'scenes';

export type NavigationSlice = {
  view: View;
  exportOpen: boolean;
  exportSubject: ExportSubject;
  navigate(view: View): void;
  /** Opening with a subject switches the dialog to it; without one it keeps the last. */
  setExportOpen(open: boolean, subject?: ExportSubject): void;
};

/** A request's life: idle (never asked), loading, or failed with a message; data lives beside it. */
export type LoadState = Readonly<{ loading: boolean; error: string | null }>;

export type PeopleFilter = Readonly<{
  visibility: 'visible' | 'hidden' | 'all';
  /** Include clusters under the default minimum photo count (minPhotos 1). */
  small: boolean;
}>;

export type PeopleSlice = {
  people: Page<PersonSummary> | null;
  peopleLoad: LoadState;
  peopleFilter: PeopleFilter;
  /** People ticked for merging or exporting, in the order they were ticked. */
  selectedPeople: readonly PersonId[];
  suggestions: readonly MergeSuggestion[] | null;
  unassigned: Page<FaceSummary> | null;
  /** The last failed correction (rename, merge, hide...), shown until dismissed or the next success. */
  peopleError: string | null;
  loadPeople(offset?: number): Promise<void>;
  setPeopleFilter(filter: Partial<PeopleFilter>): Promise<void>;
  togglePersonSelected(id: PersonId): void;
  clearPeopleSelection(): void;
  loadSuggestions(): Promise<void>;
  loadUnassigned(offset?: number): Promise<void>;
  renamePerson(id: PersonId, name: string): Promise<boolean>;
  /** Merges into the first id; resolves the merged person, or null when it failed. */
  mergePeople(ids: readonly PersonId[]): Promise<PersonSummary | null>;
  setPersonHidden(id: PersonId, hidden: boolean): Promise<void>;
  recluster(): Promise<void>;
  /** Everything the people screens show, after people changed in main. */
  refreshPeople(): Promise<void>;
  dismissPeopleError(): void;
};

/** A long list loaded a page at a time as it scrolls into view: pages by index, so a 100k grid never loads at once. */
export type SparsePages<T> = Readonly<{
  total: number;
  pageSize: number;
  pages: Readonly<Record<number, readonly T[]>>;
}>;

export type PersonSlice = {
  person: PersonSummary | null;
  personLoad: LoadState;
  personPhotos: SparsePages<PhotoSummary> | null;
  personFaces: Page<FaceSummary> | null;
  openPerson(id: PersonId): Promise<void>;
  loadPersonPhotoPage(index: number): Promise<void>;
  loadPersonFaces(offset?: number): Promise<void>;
  moveFaces(faceIds: readonly FaceId[], target: FaceTarget): Promise<boolean>;
  rejectFaces(faceIds: readonly FaceId[], verdict: 'notThisPerson' | 'notAFace'): Promise<boolean>;
  setCover(faceId: FaceId): Promise<void>;
};

export type FindSlice = {
  findPath: string;
  findMode: 'all' | 'any';
  findResult: FindByPhotoResult | null;
  findLoad: LoadState;
  setFindPath(path: string): void;
  /** Runs the query for the current path, in the given mode (the current one when omitted). */
  findByPhoto(mode?: 'all' | 'any'): Promise<void>;
};

export type ExportSlice = {
  exportProgress: ExportProgress | null;
  exportSummary: ExportSummary | null;
  exportLoad: LoadState;
  applyExportProgress(progress: ExportProgress): void;
  runExport(request: PeopleExportRequest): Promise<void>;
  runScenesExport(request: ScenesExportRequest): Promise<void>;
  resetExport(): void;
};

export type SearchSlice = {
  /** What is in the search box, as typed. */
  searchText: string;
  searchResult: SearchResult | null;
  searchLoad: LoadState;
  setSearchText(text: string): void;
  /** Searches for the current text; an empty box clears the results instead. */
  runSearch(): Promise<void>;
  clearSearch(): void;
};

/** "More like this" for one photo: the photos whose backgrounds are nearest, with their distances. */
export type SimilarScenes = Readonly<{ photo: PhotoSummary; results: readonly SimilarPhoto[] | null; load: LoadState }>;

export type ScenesSlice = {
  /** The largest `scenesTop` scenes, largest first. */
  scenes: readonly SceneSummary[] | null;
  scenesTop: number;
  scenesLoad: LoadState;
  /** Scenes ticked for exporting, in the order they were ticked. */
  selectedScenes: readonly SceneId[];
  scene: SceneSummary | null;
  sceneLoad: LoadState;
  scenePhotos: SparsePages<PhotoSummary> | null;
  similar: SimilarScenes | null;
  /** The last failed action (rename, re-cluster...), shown until dismissed or the next success. */
  scenesError: string | null;
  loadScenes(top?: number): Promise<void>;
  toggleSceneSelected(id: SceneId): void;
  clearSceneSelection(): void;
  renameScene(id: SceneId, name: string): Promise<boolean>;
  reclusterScenes(): Promise<void>;
  openScene(id: SceneId): Promise<void>;
  loadScenePhotoPage(index: number): Promise<void>;
  findSimilar(photo: PhotoSummary): Promise<void>;
  closeSimilar(): void;
  dismissScenesError(): void;
};

export type ClipSlice = {
  clipStatus: ClipStatus | null;
  clipLoad: LoadState;
  /** The install started from this window, whose progress and failure the settings show. */
  clipInstallJobId: JobId | null;
  loadClipStatus(): Promise<void>;
  installClipPack(source: ClipPackSource): Promise<boolean>;
  activateClipPack(id: string | null): Promise<void>;
  removeClipPack(id: string): Promise<void>;
  dismissClipError(): void;
};

/** The library's analysis settings (Settings). */
export type SettingsSlice = {
  librarySettings: LibrarySettings | null;
  settingsLoad: LoadState;
  loadSettings(): Promise<void>;
  /** Resolves whether main took the change (settingsLoad says why not). */
  saveSettings(patch: LibrarySettingsPatch): Promise<boolean>;
};

/** The models analysis runs (Settings), each checked against its pinned hash. */
export type ModelsSlice = {
  models: readonly ModelInfo[] | null;
  modelsLoad: LoadState;
  loadModels(): Promise<void>;
};

/** The faces of the one photo open in the photo viewer. */
export type ViewerSlice = {
  viewerFaces: Readonly<{ photoId: PhotoId; faces: readonly FaceSummary[] }> | null;
  viewerLoad: LoadState;
  loadPhotoFaces(photoId: PhotoId): Promise<void>;
};

export type AppState = LibrarySlice &
  JobsSlice &
  NavigationSlice &
  PeopleSlice &
  PersonSlice &
  FindSlice &
  ExportSlice &
  SearchSlice &
  ScenesSlice &
  ClipSlice &
  ModelsSlice &
  SettingsSlice &
  ViewerSlice;
