import type { Box } from './geometry.js';
import { cropResizeToTensor, type Normalization, type RgbImage } from './image.js';

/*
 * MediaPipe Selfie (the person-mask model) input and output, and the "person pixels" the scenes stage masks out of a
 * background: the model's mask at the photo's size, thresholded, kept only where other evidence puts people, grown a
 * little (the mask hugs the silhouette and misses hair and edges), joined with the faces the face stage found (small
 * or partial people the mask misses).
 * Selfie is a selfie model: it assumes someone is in the frame. On the 44 COCO photos without a person it marked 12%
 * of the pixels on average (83% of a close-up elephant); kept inside the object detector's person boxes (score ≥
 * 0.35, grown 10%) that fell to 0.8%, while photos with people kept 16% of their 20%.
 */

export const SELFIE_INPUT_SIZE = 256;
/** Selfie takes RGB in 0..1. */
export const SELFIE_NORMALIZATION: Normalization = { mean: [0, 0, 0], std: [255, 255, 255] };

/** The whole photo stretched to 256×256 (as MediaPipe and Human feed it), NHWC RGB 0..1. */
export function selfieInput(image: RgbImage): { tensor: Float32Array; dims: number[] } {
  const whole = { x: 0, y: 0, width: image.width, height: image.height };
  return {
    tensor: cropResizeToTensor(image, whole, SELFIE_INPUT_SIZE, SELFIE_INPUT_SIZE, SELFIE_NORMALIZATION),
    dims: [1, SELFIE_INPUT_SIZE, SELFIE_INPUT_SIZE, 3],
  };
}

/** A binary mask over an image: data[y·width + x] is 1 where the pixel shows a person. */
export type PersonMask = Readonly<{ width: number; height: number; data: Uint8Array }>;

/**
 * The model's probability grid (size×size, stretched over the photo) sampled bilinearly at each photo pixel's centre
 * and thresholded.
 */
export function maskToImage(
  probabilities: ArrayLike<number>,
  size: number,
  width: number,
  height: number,
  threshold = 0.5,
): PersonMask {
  if (probabilities.length !== size * size) throw new RangeError(`${probabilities.length} values are not ${size}²`);
  const data = new Uint8Array(width * height);
  // Per column: the two grid columns and the weight of the second, computed once.
  const x0 = new Int32Array(width);
  const x1 = new Int32Array(width);
  const fx = new Float32Array(width);
  for (let x = 0; x < width; x++) {
    const u = Math.min(size - 1, Math.max(0, ((x + 0.5) * size) / width - 0.5));
    x0[x] = Math.floor(u);
    x1[x] = Math.min(size - 1, x0[x]! + 1);
    fx[x] = u - x0[x]!;
  }
  for (let y = 0; y < height; y++) {
    const v = Math.min(size - 1, Math.max(0, ((y + 0.5) * size) / height - 0.5));
    const r0 = Math.floor(v) * size;
    const r1 = Math.min(size - 1, Math.floor(v) + 1) * size;
    const fy = v - Math.floor(v);
    for (let x = 0; x < width; x++) {
      const top = probabilities[r0 + x0[x]!]! + (probabilities[r0 + x1[x]!]! - probabilities[r0 + x0[x]!]!) * fx[x]!;
      const bottom = probabilities[r1 + x0[x]!]! + (probabilities[r1 + x1[x]!]! - probabilities[r1 + x0[x]!]!) * fx[x]!;
      data[y * width + x] = top + (bottom - top) * fy >= threshold ? 1 : 0;
    }
  }
  return { width, height, data };
}

/** One pass of a square dilation along rows (step 1) or columns (step width), with a sliding count: O(pixels). */
function dilateLines(src: Uint8Array, lines: number, length: number, lineStep: number, step: number, radius: number) {
  const out = new Uint8Array(src.length);
  for (let line = 0; line < lines; line++) {
    const base = line * lineStep;
    let inWindow = 0;
    for (let i = 0; i < Math.min(radius, length); i++) inWindow += src[base + i * step]!;
    for (let i = 0; i < length; i++) {
      if (i + radius < length) inWindow += src[base + (i + radius) * step]!;
      if (i - radius - 1 >= 0) inWindow -= src[base + (i - radius - 1) * step]!;
      out[base + i * step] = inWindow > 0 ? 1 : 0;
    }
  }
  return out;
}

/** The mask grown by `radius` pixels in every direction (a (2r+1)² square), e.g. to cover hair and blurred edges. */
export function dilateMask(mask: PersonMask, radius: number): PersonMask {
  const r = Math.round(radius);
  if (r <= 0) return mask;
  const { width, height } = mask;
  const rows = dilateLines(mask.data, height, width, width, 1, r);
  return { width, height, data: dilateLines(rows, width, height, 1, width, r) };
}

/**
 * Marks each face box, grown by `margin` of its size on every side, as person (in place). The face stage finds faces
 * down to ~24 px, far smaller than people the 256×256 mask can see.
 */
export function markBoxes(mask: PersonMask, boxes: readonly Box[], margin: number): PersonMask {
  const { width, height, data } = mask;
  for (const b of boxes) {
    const x0 = Math.max(0, Math.floor(b.x - b.width * margin));
    const y0 = Math.max(0, Math.floor(b.y - b.height * margin));
    const x1 = Math.min(width, Math.ceil(b.x + b.width * (1 + margin)));
    const y1 = Math.min(height, Math.ceil(b.y + b.height * (1 + margin)));
    for (let y = y0; y < y1; y++) data.fill(1, y * width + x0, y * width + Math.max(x0, x1));
  }
  return mask;
}

/** Clears every pixel outside the union of `regions` (in place). */
export function keepInside(mask: PersonMask, regions: readonly Box[]): PersonMask {
  const gate = markBoxes(
    { width: mask.width, height: mask.height, data: new Uint8Array(mask.data.length) },
    regions,
    0,
  );
  for (let i = 0; i < mask.data.length; i++) mask.data[i]! &= gate.data[i]!;
  return mask;
}

/** Where a person's body can be, given the face: a head to each side, half a head above, seven below. */
export function bodyRegion(face: Box): Box {
  return { x: face.x - face.width, y: face.y - face.height / 2, width: face.width * 3, height: face.height * 7.5 };
}

/** Evidence of people from the other stages, in photo pixels. */
export type PersonEvidence = Readonly<{
  /** Face boxes (face stage): always person pixels, and their bodies may be. */
  faces?: readonly Box[];
  /**
   * Person boxes (object detector). When given, even empty, the mask counts only inside them and the faces' body
   * regions; without them the mask is taken as it is.
   */
  people?: readonly Box[];
}>;

export type PersonPixelsOptions = Readonly<{
  /** Mask probability from which a pixel is a person's. */
  threshold?: number;
  /** Growth of the mask, as a fraction of the photo's long side. */
  dilation?: number;
  /** Growth of each face box on every side, as a fraction of its size. */
  faceMargin?: number;
}>;

/** Growth of each person box on every side before it gates the mask, as a fraction of its size. */
const PERSON_BOX_MARGIN = 0.1;

/**
 * The person pixels of a photo: the model's mask at the photo's size, gated by the person boxes when there are any,
 * dilated, with the face boxes (photo px) added.
 */
export function personPixels(
  probabilities: ArrayLike<number>,
  width: number,
  height: number,
  evidence: PersonEvidence = {},
  options: PersonPixelsOptions = {},
): PersonMask {
  const { threshold = 0.5, dilation = 0.015, faceMargin = 0.5 } = options;
  const faces = evidence.faces ?? [];
  const mask = maskToImage(probabilities, SELFIE_INPUT_SIZE, width, height, threshold);
  if (evidence.people) {
    const grown = evidence.people.map((b) => ({
      x: b.x - b.width * PERSON_BOX_MARGIN,
      y: b.y - b.height * PERSON_BOX_MARGIN,
      width: b.width * (1 + 2 * PERSON_BOX_MARGIN),
      height: b.height * (1 + 2 * PERSON_BOX_MARGIN),
    }));
    keepInside(mask, [...grown, ...faces.map(bodyRegion)]);
  }
  return markBoxes(dilateMask(mask, dilation * Math.max(width, height)), faces, faceMargin);
}

/** The share of the photo's pixels that are a person's. */
export function maskCoverage(mask: PersonMask): number {
  let count = 0;
  for (let i = 0; i < mask.data.length; i++) count += mask.data[i]!;
  return mask.data.length === 0 ? 0 : count / mask.data.length;
}
