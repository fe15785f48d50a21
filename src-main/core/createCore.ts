/*
 * Composition root of the core: plain Node, never imports 'electron'. Every host (Electron, the web host, the CLI,
 * tests) builds one Core and talks to it through `dispatch` or `handlers`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AppEvents } from '../../src-shared/contract/events.js';
import type { AppApiHandlers } from '../../src-shared/contract/methods.js';
import type { RootId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import type { MediaSource } from '../../src-shared/util/media.js';
import { createDispatch, type Dispatch } from './api/dispatch.js';
import { createHandlers } from './api/handlers.js';
import type { CoreConfig } from './config.js';
import { DATABASE_FILE, openDatabase } from './db/database.js';
import { listJobRoots } from './db/repos/jobsRepo.js';
import { createJobRunner } from './jobs/jobRunner.js';
import { createLibraryService } from './services/libraryService.js';
import { createPhotosService } from './services/photosService.js';
import { createFacesService } from './services/facesService.js';
import { createPeopleService } from './services/peopleService.js';
import { createExportService } from './services/exportService.js';
import { createClipService } from './services/clipService.js';
import { createModelsService } from './services/modelsService.js';
import { createSettingsService } from './services/settingsService.js';
import { createSearchService } from './services/searchService.js';
import { createScenesService } from './services/scenesService.js';
import { createEventBus, type EventBus } from './util/eventBus.js';
import { createLogger } from './util/logger.js';
import { createWorkerPool, type WorkerPool } from './workers/workerPool.js';

const log = createLogger('core');

export type Core = Readonly<{
  config: CoreConfig;
  handlers: AppApiHandlers;
  dispatch: Dispatch;
  events: EventBus<AppEvents>;
  /** A photo's thumbnail or a face's crop; null for any id that is not indexed or has none. */
  media: MediaSource;
  /** Resolves with a job's final progress once it stops running (at once if it is not running). */
  waitForJob(jobId: number): Promise<JobProgress>;
  /** Pauses running jobs (they resume on the next start), stops the workers and closes the database. */
  close(): Promise<void>;
}>;

export async function createCore(config: CoreConfig): Promise<Core> {
  mkdirSync(config.libraryDir, { recursive: true });
  const db = openDatabase(join(config.libraryDir, DATABASE_FILE));
  const events = createEventBus<AppEvents>((error) => log.error('event listener failed', error));
  const runner = createJobRunner(db, config.libraryDir, (progress) => events.emit('job.progress', progress));
  // Workers start with the first job, not with the app: `facets status` or a browsing session never pays for them.
  let pool: WorkerPool | null = null;
  const workers = () => (pool ??= createWorkerPool(config.workerCount));
  const library = createLibraryService({
    db,
    config,
    runner,
    pool: workers,
    emitProgress: (progress) => events.emit('job.progress', progress),
    emitChanged: (reason) => events.emit('library.changed', { reason }),
    afterIndex: () => people.cluster('incremental'),
    afterText: () => {
      if (clip.activePack()) clip.embed();
    },
  });
  const photos = createPhotosService(db, config);
  const faces = createFacesService(config, workers);
  const people = createPeopleService({
    db,
    config,
    runner,
    pool: workers,
    photos,
    faces,
    emitProgress: (progress) => events.emit('job.progress', progress),
    emitChanged: (reason) => events.emit('people.changed', { reason }),
    afterCluster: () => scenes.cluster(),
  });
  const scenes = createScenesService({
    db,
    config,
    runner,
    pool: workers,
    photos,
    emitProgress: (progress) => events.emit('job.progress', progress),
    afterCluster: () => library.startText(),
  });
  const exports = createExportService({ db, emitProgress: (progress) => events.emit('export.progress', progress) });
  const clip = createClipService({
    db,
    config,
    runner,
    pool: workers,
    emitProgress: (progress) => events.emit('job.progress', progress),
  });
  // A job paused by an earlier run of the app resumes through its kind's own start, which takes up the paused job.
  // Clustering (its mode) and pack installs (their source) are not known after a restart: they are started anew.
  runner.restartKinds({
    scan: (jobId) => library.startScan(listJobRoots(db, jobId).map((root) => root.rootId as RootId)),
    index: () => library.startIndex(),
    text: () => library.startText(),
    scenes: () => scenes.cluster(),
    clip: () => clip.embed(),
  });
  const search = createSearchService({ db, config, pool: workers, photos, clip });
  const models = createModelsService(config);
  const settings = createSettingsService(db);
  const handlers = createHandlers({
    library,
    photos,
    faces,
    people,
    exports,
    scenes,
    search,
    clip,
    models,
    settings,
    runner,
  });
  return {
    config,
    handlers,
    dispatch: createDispatch(handlers, (method, error) => log.error(`${method} failed`, error)),
    events,
    media: (kind, id) => photos.media(kind, id),
    waitForJob: (jobId) => runner.wait(jobId),
    async close() {
      await runner.shutdown();
      await pool?.close();
      db.close();
    },
  };
}
