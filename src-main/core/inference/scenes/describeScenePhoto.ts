import type { RelativeBox } from '../../../../src-shared/types/face.js';
import { prepareSceneImage, backgroundShare } from '../../scenes/sceneImage.js';
import { backboneGistDescriptor, SHIPPED_SCENE_DESCRIPTOR } from '../../scenes/sceneDescriptors.js';
import type { Box } from '../preprocess/geometry.js';
import type { RgbImage } from '../preprocess/image.js';
import { scaleToLongSide } from '../photo/scaleImage.js';
import { modelRunner } from '../sessions.js';
import { detectObjects, OBJECT_DETECTOR_MODEL } from './detectObjects.js';
import { PERSON_MASK_MODEL, personBoxes, segmentPeople } from './segmentPeople.js';

/*
 * The scene stage of one decoded photo: object tags (for search), the people's pixels (Selfie, gated by the detector's
 * person boxes and the face boxes), and the shipped descriptor (detector backbone + GIST) of what is left, the
 * background.
 */

/**
 * The long side the scene stage works at. NanoDet sees 416 px and Selfie 256 px, the descriptor 128 px: at the face
 * stage's 1920 px the JS resampling into those inputs cost as much as the models (measured by the scene-models work).
 */
export const SCENE_SIDE = 832;

export type SceneModelsOptions = Readonly<{ modelsDir: string; threads: number }>;

/** A tag as the search index stores it: area = the detection's box area over the photo's. */
export type SceneTag = Readonly<{ label: string; confidence: number; area: number }>;

export type SceneAnalysis =
  | Readonly<{
      kind: 'described';
      tags: readonly SceneTag[];
      /** Share of the photo that is background (not people). */
      backgroundShare: number;
      descriptor: string;
      vector: Float32Array;
      timings: Readonly<{ objectsMs: number; maskMs: number; descriptorMs: number; totalMs: number }>;
    }>
  | Readonly<{ kind: 'failed'; reason: string }>;

/** The photo shrunk by sharp so the long side is at most SCENE_SIDE. */
export async function shrinkForScene(image: RgbImage): Promise<RgbImage> {
  return Math.max(image.width, image.height) <= SCENE_SIDE ? image : scaleToLongSide(image, SCENE_SIDE);
}

const toPixels = (box: RelativeBox, image: RgbImage): Box => ({
  x: box.x * image.width,
  y: box.y * image.height,
  width: box.width * image.width,
  height: box.height * image.height,
});

/** Describes an image already at scene size; `faces` are the photo's face boxes (relative to the photo). */
export async function describeScenePhoto(
  image: RgbImage,
  faces: readonly RelativeBox[],
  options: SceneModelsOptions,
): Promise<SceneAnalysis> {
  const started = performance.now();
  const detector = modelRunner(options.modelsDir, OBJECT_DETECTOR_MODEL, options.threads);
  const segmenter = modelRunner(options.modelsDir, PERSON_MASK_MODEL, options.threads);
  const { detections, backbone } = await detectObjects(detector, image);
  const objectsDone = performance.now();
  const mask = await segmentPeople(segmenter, image, {
    faces: faces.map((f) => toPixels(f, image)),
    people: personBoxes(detections),
  });
  const maskDone = performance.now();
  const weights = new Float32Array(mask.data.length);
  for (let i = 0; i < weights.length; i++) weights[i] = 1 - mask.data[i]!;
  const scene = prepareSceneImage(image, { width: mask.width, height: mask.height, weights });
  const vector = backboneGistDescriptor(backbone, scene);
  const done = performance.now();
  const imageArea = image.width * image.height;
  return {
    kind: 'described',
    tags: detections.map((d) => ({
      label: d.label,
      confidence: d.score,
      area: Math.min(1, Math.max(0, (d.box.width * d.box.height) / imageArea)),
    })),
    backgroundShare: backgroundShare(scene),
    descriptor: SHIPPED_SCENE_DESCRIPTOR.id,
    vector,
    timings: {
      objectsMs: objectsDone - started,
      maskMs: maskDone - objectsDone,
      descriptorMs: done - maskDone,
      totalMs: done - started,
    },
  };
}

/** describeScenePhoto that never throws: a model failure becomes the photo's recorded reason. */
export async function sceneStageOf(
  image: RgbImage,
  faces: readonly RelativeBox[],
  options: SceneModelsOptions,
): Promise<SceneAnalysis> {
  try {
    return await describeScenePhoto(await shrinkForScene(image), faces, options);
  } catch (error) {
    return {
      kind: 'failed',
      reason: `scene analysis failed: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}
