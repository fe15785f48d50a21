import type { Box } from '../preprocess/geometry.js';
import type { RgbImage } from '../preprocess/image.js';
import { personPixels, selfieInput, type PersonMask, type PersonPixelsOptions } from '../preprocess/personMask.js';
import type { ModelRunner } from '../sessions.js';

/** The manifest id of the person segmentation model (MediaPipe Selfie). */
export const PERSON_MASK_MODEL = 'person-mask';

/**
 * The pixels of a decoded photo that show people: the person-mask model's mask at the photo's size, dilated, joined
 * with the face boxes (photo pixels) the face stage found. The scenes stage describes only the other pixels.
 */
export async function segmentPeople(
  segmenter: ModelRunner,
  image: RgbImage,
  faceBoxes: readonly Box[] = [],
  options: PersonPixelsOptions = {},
): Promise<PersonMask> {
  const { tensor, dims } = selfieInput(image);
  const mask = (await segmenter.run(tensor, dims))['mask'];
  if (!mask) throw new Error('the person-mask model did not return a mask');
  return personPixels(mask, image.width, image.height, faceBoxes, options);
}
