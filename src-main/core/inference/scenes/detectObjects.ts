import type { FeatureMap } from '../../scenes/featurePooling.js';
import type { ModelRunner } from '../sessions.js';
import type { RgbImage } from '../preprocess/image.js';
import {
  decodeNanoDet,
  NANODET_FEATURES,
  NANODET_INPUT_SIZE,
  detectionsToImage,
  nanoDetInput,
  tagsOf,
  type NanoDetDecodeOptions,
  type ObjectDetection,
  type ObjectTag,
} from '../preprocess/nanodet.js';

/** The manifest id of the COCO-80 detector (NanoDet-g-416). */
export const OBJECT_DETECTOR_MODEL = 'object-detector';

/**
 * Tags are kept from this score: low enough for search to rank by confidence (recall matters there), high enough that
 * the noise of the 0.05 NMS floor stays out of the index. Measured on 80 COCO photos: see evals/tagsEval.ts.
 */
export const TAG_MIN_SCORE = 0.25;

export type ObjectsResult = Readonly<{
  /** Detections in the decoded image's pixels, best first. */
  detections: readonly ObjectDetection[];
  /** One tag per label, its best score, best first. */
  tags: readonly ObjectTag[];
  /**
   * The detector's last backbone stage over its letterboxed input (512 × 13 × 13): a CNN's description of the place,
   * which the scene descriptor pools over the background. It comes with the detections, at no extra cost.
   */
  backbone: FeatureMap;
}>;

export type DetectObjectsOptions = NanoDetDecodeOptions & Readonly<{ tagMinScore?: number }>;

/** Runs the object detector on a decoded photo (see faces/analyzePhoto.ts decodeForAnalysis). */
export async function detectObjects(
  detector: ModelRunner,
  image: RgbImage,
  options: DetectObjectsOptions = {},
): Promise<ObjectsResult> {
  const { tensor, dims, transform } = nanoDetInput(image);
  const out = await detector.run(tensor, dims);
  const scores = out['scores'];
  const distributions = out['distributions'];
  const features = out['features'];
  const { channels, height, width } = NANODET_FEATURES;
  if (!scores || !distributions) throw new Error('the object detector did not return scores and distributions');
  if (!features || features.length !== channels * height * width) {
    throw new Error(`the object detector gave no ${channels}×${height}×${width} backbone features`);
  }
  const inInput = decodeNanoDet(
    { scores, distributions },
    { scoreThreshold: options.tagMinScore ?? TAG_MIN_SCORE, ...options },
  );
  const detections = detectionsToImage(inInput, transform, image.width, image.height);
  const size = NANODET_INPUT_SIZE;
  const photo = {
    x: transform.offsetX / size,
    y: transform.offsetY / size,
    width: (image.width * transform.scaleX) / size,
    height: (image.height * transform.scaleY) / size,
  };
  return {
    detections,
    tags: tagsOf(detections, options.tagMinScore ?? TAG_MIN_SCORE),
    backbone: { channels, height, width, data: features, photo },
  };
}
