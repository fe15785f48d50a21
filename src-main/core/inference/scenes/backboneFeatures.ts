import type { FeatureMap } from '../../scenes/featurePooling.js';
import { cropResizeToTensor, type RgbImage } from '../preprocess/image.js';
import { NANODET_FEATURES, NANODET_INPUT_SIZE, NANODET_NORMALIZATION, toBgrPlanes } from '../preprocess/nanodet.js';
import type { ModelRunner } from '../sessions.js';

/**
 * The object detector's backbone map (512 × 13 × 13) of the whole photo stretched to 416², in the detector's own
 * normalization: a CNN's description of the place, which the scene descriptor pools over the background. Stretched,
 * not letterboxed as for detection, so every cell covers photo (as the scene descriptor was measured).
 */
export async function backboneFeatures(detector: ModelRunner, image: RgbImage): Promise<FeatureMap> {
  const size = NANODET_INPUT_SIZE;
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  const rgb = cropResizeToTensor(image, whole, size, size, NANODET_NORMALIZATION);
  const out = await detector.run(toBgrPlanes(rgb, size, size), [1, 3, size, size]);
  const data = out['features'];
  const { channels, height, width } = NANODET_FEATURES;
  if (!data || data.length !== channels * height * width) {
    throw new Error(`the object detector gave no ${channels}×${height}×${width} backbone features`);
  }
  return { channels, height, width, data };
}
