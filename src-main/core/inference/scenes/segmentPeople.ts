import type { Box } from '../preprocess/geometry.js';
import type { RgbImage } from '../preprocess/image.js';
import type { ObjectDetection } from '../preprocess/nanodet.js';
import {
  personPixels,
  selfieInput,
  type PersonEvidence,
  type PersonMask,
  type PersonPixelsOptions,
} from '../preprocess/personMask.js';
import type { ModelRunner } from '../sessions.js';

/** The manifest id of the person segmentation model (MediaPipe Selfie). */
export const PERSON_MASK_MODEL = 'person-mask';

/** Person detections from this score gate the mask (see preprocess/personMask.ts for the measurement). */
export const PERSON_GATE_SCORE = 0.35;

/** The boxes of the object detector's confident person detections: the `people` evidence for segmentPeople. */
export function personBoxes(detections: readonly ObjectDetection[], minScore = PERSON_GATE_SCORE): Box[] {
  return detections.filter((d) => d.label === 'person' && d.score >= minScore).map((d) => d.box);
}

/**
 * The pixels of a decoded photo that show people: the person-mask model's mask at the photo's size, kept inside the
 * person boxes when given (Selfie alone marks people in photos that have none), dilated, joined with the face boxes.
 * The scenes stage describes only the other pixels. Typical call, after detectObjects and the face stage:
 * `segmentPeople(segmenter, image, { faces, people: personBoxes(objects.detections) })`.
 */
export async function segmentPeople(
  segmenter: ModelRunner,
  image: RgbImage,
  evidence: PersonEvidence = {},
  options: PersonPixelsOptions = {},
): Promise<PersonMask> {
  const { tensor, dims } = selfieInput(image);
  const mask = (await segmenter.run(tensor, dims))['mask'];
  if (!mask) throw new Error('the person-mask model did not return a mask');
  return personPixels(mask, image.width, image.height, evidence, options);
}
