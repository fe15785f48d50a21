/*
 * A CNN feature map pooled over the background: the descriptor family for backbone features (e.g. the object
 * detector's last backbone stage). Each cell of the map covers a patch of the photo; its weight is the mean background
 * weight over that patch, so cells on people count for nothing. Signed square root before L2 (power normalisation,
 * Perronnin et al. 2010) keeps a few strongly firing channels from dominating the distance.
 */
import { normalizeL2 } from './pooling.js';
import type { SceneImage } from './sceneImage.js';

/** channels × height × width, channel planes (NCHW without the batch). */
export type FeatureMap = Readonly<{ channels: number; height: number; width: number; data: Float32Array }>;

/**
 * Mean background weight of each map cell: cell (cx, cy) covers the same fraction of the working square as of the
 * map (the map must cover the whole photo, stretched, as SceneImage does).
 */
export function cellWeights(image: SceneImage, width: number, height: number): Float64Array {
  const { side, weight } = image;
  const sums = new Float64Array(width * height);
  const counts = new Float64Array(width * height);
  for (let y = 0; y < side; y++) {
    const cy = Math.min(height - 1, Math.floor((y * height) / side));
    for (let x = 0; x < side; x++) {
      const c = cy * width + Math.min(width - 1, Math.floor((x * width) / side));
      sums[c]! += weight[y * side + x]!;
      counts[c]!++;
    }
  }
  return sums.map((s, i) => (counts[i]! > 0 ? s / counts[i]! : 0));
}

export function poolFeatureMap(map: FeatureMap, image: SceneImage): Float32Array {
  const { channels, height, width, data } = map;
  const cells = width * height;
  if (data.length !== channels * cells)
    throw new RangeError(`${data.length} values for ${channels}×${height}×${width}`);
  const weights = cellWeights(image, width, height);
  let mass = 0;
  for (const w of weights) mass += w;
  const out = new Float32Array(channels);
  // With no background at all every cell counts alike: a photo that is all person still gets a descriptor.
  const w = mass > 0 ? weights : new Float64Array(cells).fill(1);
  const total = mass > 0 ? mass : cells;
  for (let c = 0; c < channels; c++) {
    let s = 0;
    for (let i = 0; i < cells; i++) s += w[i]! * data[c * cells + i]!;
    const mean = s / total;
    out[c] = Math.sign(mean) * Math.sqrt(Math.abs(mean));
  }
  normalizeL2(out);
  return out;
}
