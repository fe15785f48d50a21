import type { PhotoId, SceneId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import type { PageRequest } from '../../../src-shared/types/person.js';
import type { Page, PhotoSummary } from '../../../src-shared/types/photo.js';
import {
  DEFAULT_TOP_SCENES,
  type SceneSummary,
  type ScenesQuery,
  type SimilarPhoto,
} from '../../../src-shared/types/scene.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import * as jobsRepo from '../db/repos/jobsRepo.js';
import * as scenes from '../db/repos/scenesRepo.js';
import { AppError } from '../errors.js';
import type { JobRunner } from '../jobs/jobRunner.js';
import { runScenesJob } from '../jobs/scenesJob.js';
import { indexPhotoSceneNames } from '../search/searchIndex.js';
import type { WorkerPool } from '../workers/workerPool.js';
import type { PhotosService } from './photosService.js';

/** Representative photos shown with each scene. */
export const SCENE_SAMPLES = 6;
const DEFAULT_PAGE = 100;
const DEFAULT_SIMILAR = 20;

export type ScenesServiceDeps = Readonly<{
  db: Db;
  config: CoreConfig;
  runner: JobRunner;
  pool: () => WorkerPool;
  photos: PhotosService;
  emitProgress: (progress: JobProgress) => void;
  /** Runs when a scenes job finished (with autoIndex): the next analysis in the chain. */
  afterCluster: () => void;
}>;

export function createScenesService(deps: ScenesServiceDeps) {
  const { db, runner } = deps;

  function summary(row: scenes.SceneRow): SceneSummary {
    return {
      id: row.id as SceneId,
      name: row.name,
      displayName: row.name ?? `Scene ${row.id}`,
      photoCount: row.photoCount,
      samples: deps.photos.summaries(scenes.photoIdsOfScene(db, row.id, 0, SCENE_SAMPLES)),
    };
  }

  function scene(id: number): SceneSummary {
    const row = scenes.getScene(db, id);
    if (!row) throw new AppError('not-found', `no scene with id ${id}`);
    return summary(row);
  }

  return {
    list: (query: ScenesQuery): SceneSummary[] =>
      scenes.largestScenes(db, query.top ?? DEFAULT_TOP_SCENES).map(summary),

    get: (id: SceneId) => scene(id),

    photos(id: SceneId, request: PageRequest): Page<PhotoSummary> {
      const { photoCount } = scene(id);
      const offset = request.offset ?? 0;
      const limit = request.limit ?? DEFAULT_PAGE;
      return {
        items: deps.photos.summaries(scenes.photoIdsOfScene(db, id, offset, limit)),
        total: photoCount,
        offset,
        limit,
      };
    },

    /** Names (or, with null, unnames) a scene; its photos are then found by the name in text search. */
    rename(id: SceneId, name: string | null): SceneSummary {
      scene(id);
      const clean = name?.trim() || null;
      const same = clean === null ? undefined : scenes.sceneByName(db, clean);
      if (same && same.id !== id) throw new AppError('conflict', `"${clean}" is already scene ${same.id}`);
      db.transaction(() => {
        scenes.renameScene(db, id, clean, new Date().toISOString());
        for (const photoId of scenes.photoIdsOfScenes(db, [id])) {
          indexPhotoSceneNames(db, photoId, clean === null ? [] : [clean]);
        }
      })();
      return scene(id);
    },

    /** The photos with the nearest backgrounds (the photo itself left out), nearest first. */
    similar(photoId: PhotoId, limit = DEFAULT_SIMILAR): SimilarPhoto[] {
      const vector = scenes.sceneVector(db, photoId);
      if (!vector) {
        throw new AppError(
          'not-found',
          `photo ${photoId} has no scene vector yet (not indexed, or its scene stage failed)`,
        );
      }
      const near = scenes.nearestScenePhotos(db, vector, limit + 1).filter((n) => n.photoId !== photoId);
      const byId = new Map(deps.photos.summaries(near.map((n) => n.photoId)).map((p) => [p.id as number, p]));
      return near.slice(0, limit).flatMap(({ photoId: id, distance }) => {
        const photo = byId.get(id);
        return photo ? [{ photo, distance }] : [];
      });
    },

    /** Clusters the scene vectors in the background (one job at a time, as every job). */
    cluster(): JobProgress {
      const activeId = runner.activeJobId();
      if (activeId !== null) {
        const active = runner.progress(activeId);
        if (active.kind === 'scenes') return active;
        throw new AppError('busy', `a ${active.kind} job is running; cluster scenes when it ends`);
      }
      const emit = (p: JobProgress) => {
        runner.record(p);
        deps.emitProgress(p);
      };
      return runner.start(
        () =>
          jobsRepo.findUnfinishedJob(db, 'scenes')?.id ?? jobsRepo.createJob(db, 'scenes', new Date().toISOString()),
        (jobId, signal) => runScenesJob({ db, pool: deps.pool(), emit }, jobId, signal),
        (state) => {
          if (state === 'done' && deps.config.autoIndex) deps.afterCluster();
        },
      );
    },
  };
}

export type ScenesService = ReturnType<typeof createScenesService>;
