import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import * as stages from '../db/repos/photoJobsRepo.js';
import { faceBoxesOfPhoto, replaceSceneVector } from '../db/repos/scenesRepo.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import { FACE_STAGE } from '../inference/faces/faceStage.js';
import type { SceneAnalysis } from '../inference/scenes/describeScenePhoto.js';
import { SCENE_STAGE } from '../inference/scenes/sceneStage.js';
import { indexPhotoTags } from '../search/searchIndex.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { runPhotoStageJob } from './photoStageJob.js';
import { failureOf } from './stageFailure.js';

export type IndexJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  /** Identity of the face models and pipeline: photos processed by another version are processed again. */
  faceVersion: string;
  /** Identity of the scene stage (objects, person mask, descriptor); null leaves the scene stage out. */
  sceneVersion: string | null;
  emit: (progress: JobProgress) => void;
}>;

/** The scene stage's outcome in an analysis: the decode's failure, or what the worker returned for the stage. */
function sceneOutcome(analysis: PhotoAnalysis): SceneAnalysis {
  if (analysis.kind !== 'analyzed') return analysis;
  return analysis.scene ?? { kind: 'failed', reason: 'the scene stage returned nothing' };
}

/**
 * Brings every decodable photo up to the current face stage and scene stage, one decode per photo in the worker
 * pool, running only the stages the photo lacks. Each photo's results and done-markers are written in one transaction.
 */
export function runIndexJob(ctx: IndexJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db, faceVersion, sceneVersion, config } = ctx;
  const options = { modelsDir: config.modelsDir, threads: config.inferenceThreads, maxPixels: config.maxPixels };
  return runPhotoStageJob(
    { db, window: ctx.pool.size * 2, emit: ctx.emit },
    {
      kind: 'index',
      stages: [
        { stage: FACE_STAGE, version: faceVersion },
        ...(sceneVersion === null ? [] : [{ stage: SCENE_STAGE, version: sceneVersion }]),
      ],
      analyze(photo) {
        const faces = photo.needs.includes(FACE_STAGE);
        // Without a face run now, people are masked with the faces found before.
        const scene = photo.needs.includes(SCENE_STAGE)
          ? { knownFaces: faces ? [] : faceBoxesOfPhoto(db, photo.id) }
          : undefined;
        return ctx.pool
          .run('analyzePhoto', { path: photo.pathRaw, ...options, faces, ...(scene ? { scene } : {}) })
          .catch(failureOf('analysis'));
      },
      write(photo, analysis: PhotoAnalysis, at) {
        let problem = false;
        if (photo.needs.includes(FACE_STAGE)) {
          const failed = analysis.kind !== 'analyzed';
          replacePhotoFaces(db, photo.id, failed ? [] : analysis.faces, faceVersion);
          stages.markStageDone(db, photo.id, FACE_STAGE, faceVersion, failed ? analysis.reason : null, at);
          problem ||= failed;
        }
        if (sceneVersion !== null && photo.needs.includes(SCENE_STAGE)) {
          const scene = sceneOutcome(analysis);
          const described = scene.kind === 'described';
          replaceSceneVector(
            db,
            photo.id,
            described
              ? { vector: scene.vector, backgroundShare: scene.backgroundShare, descriptor: scene.descriptor }
              : null,
          );
          indexPhotoTags(db, photo.id, described ? scene.tags : []);
          stages.markStageDone(db, photo.id, SCENE_STAGE, sceneVersion, described ? null : scene.reason, at);
          problem ||= !described;
        }
        return { problem };
      },
    },
    jobId,
    signal,
  );
}
