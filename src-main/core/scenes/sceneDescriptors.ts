/*
 * The scene descriptors Facets can compute, by id. Each is a pure function of a SceneImage (the photo stretched to the
 * 128-px working square, plus background weights: people weigh 0) to a fixed-length, unit-L2 Float32Array compared by
 * Euclidean distance (for unit vectors, d² = 2 − 2·cosine):
 * - rgbHistogram (512): one 8×8×8 RGB histogram of the background, sqrt-normalised (MODEL_NOTES' baseline);
 * - labLayout (512): L*a*b* 4×4×4 histograms, sqrt-normalised, over the whole photo, a 2×2 grid and three bands;
 * - gist (512): log-Gabor energies, 4 scales × 8 orientations over a 4×4 grid (gist.ts);
 * - gistLab (1024): gist and labLayout side by side, each scaled by 1/√2 (equal shares of the squared distance).
 * Grayscale photos decode to equal R, G and B: every descriptor still works (colour carries only luminance).
 * evals/scenesEval compares them; SHIPPED_SCENE_DESCRIPTOR is the one the app stores.
 */
import { colourHistogram, colourHistogramDimension, type ColourHistogramParams } from './colourHistogram.js';
import { DEFAULT_GIST_PARAMS, gistDescriptor, gistDimension } from './gist.js';
import { poolFeatureMap, type FeatureMap } from './featurePooling.js';
import { normalizeL2 } from './pooling.js';
import type { SceneImage } from './sceneImage.js';

export type SceneDescriptorId = 'rgbHistogram' | 'labLayout' | 'gist' | 'gistLab';

export type SceneDescriptor = Readonly<{
  id: SceneDescriptorId;
  dim: number;
  /** Bumped whenever the output changes, so stored vectors can be recomputed (photo_job_status model versions). */
  version: number;
  describe: (image: SceneImage) => Float32Array;
}>;

/** MODEL_NOTES' baseline: one 8×8×8 RGB histogram of the whole background. */
const RGB_HISTOGRAM: ColourHistogramParams = {
  space: 'rgb',
  bins: [8, 8, 8],
  ranges: [
    [0, 256],
    [0, 256],
    [0, 256],
  ],
  grids: [{ cols: 1, rows: 1 }],
};

/*
 * L*a*b* 4×4×4 (L over 0..100; a and b over ±50, where almost all photo colours fall; grey pixels sit between the
 * two middle a/b bins, so grayscale photos still get a 4-level luminance layout) on the whole photo, a 2×2 grid and
 * three horizontal bands (sky, horizon, ground).
 */
export const LAB_LAYOUT: ColourHistogramParams = {
  space: 'lab',
  bins: [4, 4, 4],
  ranges: [
    [0, 100],
    [-50, 50],
    [-50, 50],
  ],
  grids: [
    { cols: 1, rows: 1 },
    { cols: 2, rows: 2 },
    { cols: 1, rows: 3 },
  ],
};

/** Unit blocks side by side, each scaled by its weight, then unit length again: each block's share is its weight². */
export function concatenateBlocks(blocks: readonly (readonly [Float32Array, number])[]): Float32Array {
  const out = new Float32Array(blocks.reduce((sum, [b]) => sum + b.length, 0));
  let offset = 0;
  for (const [block, w] of blocks) {
    for (let i = 0; i < block.length; i++) out[offset + i] = block[i]! * w;
    offset += block.length;
  }
  normalizeL2(out);
  return out;
}

type BlockId = 'rgbHistogram' | 'labLayout' | 'gist';

const BLOCKS: Readonly<Record<BlockId, Readonly<{ dim: number; describe: (image: SceneImage) => Float32Array }>>> = {
  rgbHistogram: {
    dim: colourHistogramDimension(RGB_HISTOGRAM),
    describe: (image) => colourHistogram(image, RGB_HISTOGRAM),
  },
  labLayout: { dim: colourHistogramDimension(LAB_LAYOUT), describe: (image) => colourHistogram(image, LAB_LAYOUT) },
  gist: { dim: gistDimension(DEFAULT_GIST_PARAMS), describe: (image) => gistDescriptor(image, DEFAULT_GIST_PARAMS) },
};

/** GIST and colour layout with equal shares of the squared distance. */
const HALF = Math.SQRT1_2;

/** Each descriptor as weighted blocks (weights² sum to 1). */
const RECIPES: Readonly<Record<SceneDescriptorId, readonly (readonly [BlockId, number])[]>> = {
  rgbHistogram: [['rgbHistogram', 1]],
  labLayout: [['labLayout', 1]],
  gist: [['gist', 1]],
  gistLab: [
    ['gist', HALF],
    ['labLayout', HALF],
  ],
};

/** Several descriptors of one image, each block computed once (GIST is the costly one). */
export function describeScene(
  image: SceneImage,
  ids: readonly SceneDescriptorId[],
): Map<SceneDescriptorId, Float32Array> {
  const blocks = new Map<BlockId, Float32Array>();
  const block = (id: BlockId) => {
    let b = blocks.get(id);
    if (!b) {
      b = BLOCKS[id].describe(image);
      blocks.set(id, b);
    }
    return b;
  };
  const out = new Map<SceneDescriptorId, Float32Array>();
  for (const id of ids) {
    const recipe = RECIPES[id];
    out.set(
      id,
      recipe.length === 1 ? block(recipe[0]![0]) : concatenateBlocks(recipe.map(([b, w]) => [block(b), w] as const)),
    );
  }
  return out;
}

const descriptor = (id: SceneDescriptorId): SceneDescriptor => ({
  id,
  dim: RECIPES[id].reduce((sum, [b]) => sum + BLOCKS[b].dim, 0),
  version: 1,
  describe: (image) => describeScene(image, [id]).get(id)!,
});

export const SCENE_DESCRIPTORS: Readonly<Record<SceneDescriptorId, SceneDescriptor>> = {
  rgbHistogram: descriptor('rgbHistogram'),
  labLayout: descriptor('labLayout'),
  gist: descriptor('gist'),
  gistLab: descriptor('gistLab'),
};

export const SCENE_DESCRIPTOR_IDS = Object.keys(SCENE_DESCRIPTORS) as SceneDescriptorId[];

/** Dimension of backboneGist for a backbone map of `channels` channels (512 for NanoDet-g's last stage). */
export const backboneGistDimension = (channels: number) => channels + BLOCKS.gist.dim;

/*
 * CNN backbone features pooled over the background (featurePooling.ts) beside GIST, equal shares: the object detector's
 * last backbone stage (NanoDet-g-416, 512×13×13), cut from the letterboxed run the scene stage makes for tags, so the
 * CNN half costs no model run of its own. On 4:3 crops of both scene sets, pooling that map over the cells that show
 * the photo retrieved better than a second run on the photo stretched to 416² (precision@5 0.596 against 0.576 on
 * intel6, 0.605 against 0.568 on scene15); on their square photos the two are the same.
 */
export function backboneGistDescriptor(features: FeatureMap, image: SceneImage): Float32Array {
  return concatenateBlocks([
    [poolFeatureMap(features, image), HALF],
    [BLOCKS.gist.describe(image), HALF],
  ]);
}

/*
 * The descriptor the app stores per photo: backboneGist, the best of every descriptor compared on both sets
 * (evals/scenesEval; leave-one-out precision@5 0.61 on intel6 and 0.62 on scene15 against 0.48 and 0.29 for the best
 * hand-made one, gistLab, and the best NMI and ARI). Its version is part of the scene stage's: bump it when the output
 * changes, and every photo is described again.
 */
export const SHIPPED_SCENE_DESCRIPTOR = {
  id: 'backboneGist',
  // 2: the backbone map comes from the detector's letterboxed run (one model run per photo, not two).
  version: 2,
  dim: backboneGistDimension(512),
} as const;
