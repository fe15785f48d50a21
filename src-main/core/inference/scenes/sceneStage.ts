import { SHIPPED_SCENE_DESCRIPTOR } from '../../scenes/sceneDescriptors.js';
import { stageVersion, type StageDefinition } from '../stageVersion.js';
import { OBJECT_DETECTOR_MODEL } from './detectObjects.js';
import { PERSON_MASK_MODEL } from './segmentPeople.js';

/** The per-photo stage name recorded in photo_jobs: object tags, person mask and background descriptor. */
export const SCENE_STAGE = 'scene';

/** Bump when the stage's own code changes what it stores (image size, gating, tag areas), or the shipped descriptor. */
const SCENE_PIPELINE_VERSION = 2;

export const SCENE_STAGE_DEFINITION: StageDefinition = {
  stage: SCENE_STAGE,
  label: 'the scene models',
  models: [PERSON_MASK_MODEL, OBJECT_DETECTOR_MODEL],
  // The descriptor's own version is part of the pipeline's: a new descriptor output re-describes every photo.
  pipelineVersion: SCENE_PIPELINE_VERSION * 1000 + SHIPPED_SCENE_DESCRIPTOR.version,
};

/** The scene stage's version (see stageVersion); throws 'unavailable' when a scene model is missing or damaged. */
export const sceneStageVersion = (modelsDir: string): string => stageVersion(modelsDir, SCENE_STAGE_DEFINITION);
