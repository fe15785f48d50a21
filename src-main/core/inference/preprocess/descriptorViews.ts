import { mirrorImage, type RgbImage } from './image.js';

/*
 * A face is described from two views, its chip and the chip's mirror image, and the two descriptors are averaged: a
 * cheap form of dlib's own "jitter" (compute_face_descriptor's num_jitters averages descriptors of perturbed chips).
 * Measured on datasets/faces (people eval, 968 labeled faces): clustering's best cut moved from pairwise F1 0.952 /
 * BCubed 0.961 (at 0.55) to 0.958 / 0.967 (at 0.52), best-threshold verification accuracy 0.9885 → 0.990; six views
 * (three paddings, each mirrored) reached only 0.959 / 0.968 for three times the work.
 */

/** The views of one chip, in the order their descriptors come back. */
export function chipViews(chip: RgbImage): readonly RgbImage[] {
  return [chip, mirrorImage(chip)];
}

/** The mean descriptor of each face, from `views` consecutive descriptors of `dim` values per face. */
export function meanOfViews(descriptors: Float32Array, views: number, dim: number): Float32Array {
  const faces = descriptors.length / (views * dim);
  if (!Number.isInteger(faces))
    throw new RangeError(`${descriptors.length} values are not whole faces of ${views}×${dim}`);
  const out = new Float32Array(faces * dim);
  for (let f = 0; f < faces; f++) {
    for (let v = 0; v < views; v++) {
      const from = (f * views + v) * dim;
      for (let d = 0; d < dim; d++) out[f * dim + d]! += descriptors[from + d]!;
    }
    for (let d = 0; d < dim; d++) out[f * dim + d]! /= views;
  }
  return out;
}
