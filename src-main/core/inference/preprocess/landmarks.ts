import { boxCenter, squareAround, type Box, type Point } from './geometry.js';

/**
 * face-api's 68-point landmark net (FaceLandmark68Net): a 112×112 RGB crop (0..255; the ONNX graph normalises it),
 * in; 136 numbers (x0, y0, x1, y1, …) out, the raw fully connected layer (no activation), in units of the input
 * square: FaceLandmark68NetBase.postProcess multiplies by 112, removes the centring pad that padToSquare added to a
 * non-square crop, and divides by the crop's scaled size; FaceLandmarks then multiplies by the crop's size and adds
 * its origin. With a square crop the pad is zero and all of that reduces to `origin + value · side`.
 */
export const LANDMARK_INPUT_SIZE = 112;
export const LANDMARK_COUNT = 68;

/**
 * face-api feeds the net its SSD box, padded to a square. Against BlazeFace boxes (median over 167 faces: the 22 in
 * face-api's demo photos, via tiles, and 145 from datasets/faces), that square is 1.167× the BlazeFace side and its
 * centre 0.099 side higher. Sweeping crops from BlazeFace boxes and comparing the net's landmarks with face-api's own
 * pipeline (mean error / inter-ocular distance): side ×1.2 and centre −0.1·side gave median 0.040, p90 0.072 (×1.0
 * centred: 0.041 / 0.094; ×1.4: 0.049 / 0.092; ×1.8: 0.111 / 0.189). The noise floor, the same SSD square resampled by
 * this code instead of face-api's, was 0.028 / 0.046.
 */
export const LANDMARK_CROP_SCALE = 1.2;
export const LANDMARK_CROP_SHIFT_Y = -0.1;

/** The square region (image coordinates, may extend past the image) to resize to 112² for the landmark net. */
export function landmarkCropBox(detectionBox: Box): Box {
  const side = Math.max(detectionBox.width, detectionBox.height);
  const c = boxCenter(detectionBox);
  return squareAround({ x: c.x, y: c.y + LANDMARK_CROP_SHIFT_Y * side }, LANDMARK_CROP_SCALE * side);
}

/**
 * Maps the landmark net's 136 outputs for one face back to image coordinates, given the region its input was
 * resized from (the box passed to cropResizeToTensor; normally landmarkCropBox's square).
 */
export function landmarksToImage(output: ArrayLike<number>, region: Box): Point[] {
  if (output.length !== LANDMARK_COUNT * 2) {
    throw new RangeError(`expected ${LANDMARK_COUNT * 2} landmark values, got ${output.length}`);
  }
  const points: Point[] = [];
  for (let i = 0; i < LANDMARK_COUNT; i++) {
    points.push({ x: region.x + output[2 * i]! * region.width, y: region.y + output[2 * i + 1]! * region.height });
  }
  return points;
}
