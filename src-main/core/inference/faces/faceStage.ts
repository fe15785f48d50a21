import { stageVersion, type StageDefinition } from '../stageVersion.js';

/** The per-photo stage name recorded in photo_jobs. */
export const FACE_STAGE = 'faces';

/** The models the face stage runs, in order. */
export const FACE_MODELS = ['face-detector', 'face-landmarks', 'face-descriptor'] as const;

export const FACE_STAGE_DEFINITION: StageDefinition = {
  stage: FACE_STAGE,
  label: 'the face models',
  models: FACE_MODELS,
  // Bump when the face pipeline's own code changes what it finds (tiling, alignment, thresholds).
  // 2: descriptors are the mean over the chip and its mirror image.
  pipelineVersion: 2,
};

/** The face stage's version (see stageVersion); throws 'unavailable' when a face model is missing or damaged. */
export const faceStageVersion = (modelsDir: string): string => stageVersion(modelsDir, FACE_STAGE_DEFINITION);
