import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { RootId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import type { LibraryStatus, RootSummary } from '../../../src-shared/types/library.js';
import { PHOTO_STATUSES, type PhotoStatus } from '../../../src-shared/types/photo.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import * as jobsRepo from '../db/repos/jobsRepo.js';
import * as photosRepo from '../db/repos/photosRepo.js';
import * as roots from '../db/repos/rootsRepo.js';
import { AppError } from '../errors.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import { runIndexJob } from '../jobs/indexJob.js';
import { runTextJob } from '../jobs/textJob.js';
import { refreshStaleSearchDocs } from '../search/searchIndex.js';
import { textStageVersion } from '../inference/ocr/ocrStage.js';
import { countFaces } from '../db/repos/facesRepo.js';
import { countStageDone } from '../db/repos/photoJobsRepo.js';
import { runScanJob } from '../jobs/scanJob.js';
import { FACE_STAGE, faceStageVersion } from '../inference/faces/faceStage.js';
import { sceneStageVersion } from '../inference/scenes/sceneStage.js';
import { createLogger } from '../util/logger.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { isWithin } from '../util/pathWithin.js';

const log = createLogger('library');

export type LibraryServiceDeps = Readonly<{
  db: Db;
  config: CoreConfig;
  runner: JobRunner;
  pool: () => WorkerPool;
  emitProgress: (progress: JobProgress) => void;
  emitChanged: (reason: 'roots' | 'photos') => void;
  /** Runs when an index job finished (with autoIndex): clustering places the new faces. */
  afterIndex: () => void;
  /** Runs when a text job finished (with autoIndex): e.g. CLIP embeds photos with an installed pack. */
  afterText: () => void;
}>;

/**
 * The scene stage's version, or null when its models are not built: faces are indexed without it rather than not at
 * all (the scene models are a separate build step), and the next index run adds scenes once they are.
 */
function optionalSceneVersion(modelsDir: string): string | null {
  try {
    return sceneStageVersion(modelsDir);
  } catch (error) {
    if (error instanceof AppError && error.code === 'unavailable') {
      log.warn(`indexing without scenes: ${error.message}`);
      return null;
    }
    throw error;
  }
}

function isAvailable(path: Buffer): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function toSummary(row: roots.RootRow): RootSummary {
  return {
    id: row.id as RootId,
    path: row.path,
    addedAt: row.addedAt,
    lastScanAt: row.lastScanAt,
    photoCount: row.photoCount,
    available: isAvailable(row.pathRaw),
  };
}

export function createLibraryService(deps: LibraryServiceDeps) {
  const { db, config, runner } = deps;
  const emit = (p: JobProgress) => {
    runner.record(p);
    deps.emitProgress(p);
  };
  const libraryRaw = Buffer.from(resolve(config.libraryDir));

  function resolveFolder(path: string): Buffer {
    let real: string;
    try {
      real = realpathSync.native(resolve(path));
    } catch {
      throw new AppError('invalid-argument', `folder not found: ${path}`);
    }
    if (!statSync(real).isDirectory()) throw new AppError('invalid-argument', `not a folder: ${path}`);
    return Buffer.from(real);
  }

  const service = {
    status(): LibraryStatus {
      const byStatus = Object.fromEntries(PHOTO_STATUSES.map((s) => [s, 0])) as Record<PhotoStatus, number>;
      let total = 0;
      for (const { status, n } of photosRepo.countByStatus(db)) {
        byStatus[status] = n;
        total += n;
      }
      const byFormat = Object.fromEntries(
        photosRepo.countByFormat(db).map(({ format, n }) => [format ?? 'unknown', n]),
      );
      return {
        libraryDir: config.libraryDir,
        roots: roots.listRoots(db).map(toSummary),
        counts: {
          total,
          byStatus,
          byFormat,
          faces: countFaces(db),
          photosAnalyzed: countStageDone(db, FACE_STAGE),
        },
        activeJobs: runner.list(true),
      };
    },

    /**
     * Adds a folder. Adding a folder already covered by a root returns that root; adding a parent of existing roots
     * absorbs them, their photos keeping their ids.
     */
    addRoot(path: string): RootSummary {
      const raw = resolveFolder(path);
      if (isWithin(raw, libraryRaw))
        throw new AppError('invalid-argument', 'the library folder itself cannot be scanned');
      const existing = roots.listRoots(db);
      const covering = existing.find((r) => isWithin(raw, r.pathRaw));
      if (covering) return toSummary(covering);
      const inside = existing.filter((r) => isWithin(r.pathRaw, raw));
      if (inside.length > 0 && runner.activeJobId() !== null) {
        throw new AppError('busy', 'this folder contains roots being scanned; try again when the scan ends');
      }
      const id = db.transaction(() => {
        const newId = roots.insertRoot(db, {
          path: raw.toString('utf8'),
          pathRaw: raw,
          addedAt: new Date().toISOString(),
        });
        for (const child of inside) {
          roots.reassignRoot(db, child.id, newId);
          roots.deleteRoot(db, child.id);
        }
        return newId;
      })();
      deps.emitChanged('roots');
      return toSummary(roots.getRoot(db, id)!);
    },

    removeRoot(rootId: RootId): void {
      if (runner.activeJobId() !== null)
        throw new AppError('busy', 'a scan is running; remove the folder when it ends');
      if (!roots.deleteRoot(db, rootId)) throw new AppError('not-found', `no library folder with id ${rootId}`);
      deps.emitChanged('roots');
    },

    /** Scans roots in the background under the library's job lock, resuming an interrupted scan first. */
    async startScan(rootIds?: readonly RootId[]): Promise<JobProgress> {
      const known = new Set(roots.listRoots(db).map((r) => r.id));
      const wanted = rootIds && rootIds.length > 0 ? [...rootIds] : [...known];
      if (wanted.length === 0) throw new AppError('invalid-argument', 'the library has no folders yet; add one first');
      const unknown = wanted.find((id) => !known.has(id));
      if (unknown !== undefined) throw new AppError('not-found', `no library folder with id ${unknown}`);
      const activeId = runner.activeJobId();
      if (activeId !== null && runner.progress(activeId).kind === 'scan') {
        // Joining the running scan: its loop walks roots added while it runs.
        jobsRepo.addJobRoots(db, activeId, wanted);
        return runner.progress(activeId);
      }
      // Indexing makes way: paused (resumable), it starts again when the scan ends, with the new photos in its list.
      if (activeId !== null) await runner.stopActive();
      return runner.start(
        () => {
          const resumable = jobsRepo.findUnfinishedJob(db, 'scan');
          const jobId = resumable?.id ?? jobsRepo.createJob(db, 'scan', new Date().toISOString());
          jobsRepo.addJobRoots(db, jobId, wanted);
          return jobId;
        },
        async (jobId, signal) => {
          const state = await runScanJob(
            {
              db,
              config,
              pool: deps.pool(),
              emit,
              isInsideLibrary: (dir) => isWithin(dir, libraryRaw),
            },
            jobId,
            signal,
          );
          // New, moved and re-dated photos are found by folder and date words from now on (a stopped scan's too).
          refreshStaleSearchDocs(db);
          deps.emitChanged('photos');
          return state;
        },
        (state) => {
          if (state === 'done' && config.autoIndex) service.startIndex();
        },
      );
    },

    startIndex(): JobProgress {
      const activeId = runner.activeJobId();
      if (activeId !== null) {
        const active = runner.progress(activeId);
        if (active.kind === 'index') return active;
        throw new AppError('busy', 'a scan is running; indexing starts by itself when it ends');
      }
      const faceVersion = faceStageVersion(config.modelsDir);
      const sceneVersion = optionalSceneVersion(config.modelsDir);
      return runner.start(
        () => jobsRepo.findUnfinishedJob(db, 'index')?.id ?? jobsRepo.createJob(db, 'index', new Date().toISOString()),
        async (jobId, signal) => {
          const state = await runIndexJob(
            { db, config, pool: deps.pool(), faceVersion, sceneVersion, emit },
            jobId,
            signal,
          );
          deps.emitChanged('photos');
          return state;
        },
        (state) => {
          if (state === 'done' && config.autoIndex) deps.afterIndex();
        },
      );
    },

    startText(): JobProgress {
      const activeId = runner.activeJobId();
      if (activeId !== null) {
        const active = runner.progress(activeId);
        if (active.kind === 'text') return active;
        throw new AppError('busy', `a ${active.kind} job is running; reading text follows it`);
      }
      const textVersion = textStageVersion(config.modelsDir);
      return runner.start(
        () => jobsRepo.findUnfinishedJob(db, 'text')?.id ?? jobsRepo.createJob(db, 'text', new Date().toISOString()),
        (jobId, signal) => runTextJob({ db, config, pool: deps.pool(), textVersion, emit }, jobId, signal),
        (state) => {
          if (state === 'done' && config.autoIndex) deps.afterText();
        },
      );
    },
  };
  return service;
}

export type LibraryService = ReturnType<typeof createLibraryService>;
