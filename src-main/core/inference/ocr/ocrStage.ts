import { stageVersion, type StageDefinition } from '../stageVersion.js';
import { OCR_MODELS, OCR_PIPELINE_VERSION } from './readText.js';

export const TEXT_STAGE = 'text';

export const TEXT_STAGE_DEFINITION: StageDefinition = {
  stage: TEXT_STAGE,
  label: 'the text-reading models',
  models: OCR_MODELS,
  pipelineVersion: OCR_PIPELINE_VERSION,
};

/** The OCR stage's version (see stageVersion); throws 'unavailable' when an OCR model is missing or damaged. */
export const textStageVersion = (modelsDir: string): string => stageVersion(modelsDir, TEXT_STAGE_DEFINITION);
