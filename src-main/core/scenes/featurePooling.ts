/*
 * A CNN feature map pooled over the background: the descriptor family for backbone features (e.g. the object
 * detector's last backbone stage). Each cell of the map covers a patch of the photo; its weight is the mean background
 * weight over that patch, so cells on people count for nothing. Signed square root before L2 (power normalisation,
 * Perronnin et al. 2010) keeps a few strongly firing channels from dominating the distance.
 */
import { normalizeL2 } from './pooling.js';
import type { SceneImage } from './sceneImage.js';

/** A rectangle in fractions (0..1) of a feature map's input. */
export type MapRegion = Readonly<{ x: number; y: number; width: number; height: number }>;

/** A map whose input was the photo stretched over all of it. */
export const WHOLE_MAP: MapRegion = { x: 0, y: 0, width: 1, height: 1 };

/**
 * channels × height × width, channel planes (NCHW without the batch); `photo` is where the photo lies in the map's
 * input (a letterboxed input shows it in a band, with padding around).
 */
export type FeatureMap = Readonly<{
  channels: number;
  height: number;
  width: number;
  data: Float32Array;
  photo: MapRegion;
}>;

/** How much of each of n cells along one axis the span [from, from + length) (fractions of the axis) covers. */
function axisCoverage(n: number, from: number, length: number): Float64Array {
  const out = new Float64Array(n);
  for (let c = 0; c < n; c++) out[c] = Math.max(0, Math.min((c + 1) / n, from + length) - Math.max(c / n, from)) * n;
  return out;
}

/**
 * Mean background weight of each map cell: the working square maps onto the map's photo region, so cell (cx, cy)
 * averages the pixels that fall in it, times the share of the cell that shows the photo (a cell half on padding
 * describes the padding half as much as the photo).
 */
export function cellWeights(image: SceneImage, width: number, height: number, photo: MapRegion): Float64Array {
  const { side, weight } = image;
  const sums = new Float64Array(width * height);
  const counts = new Float64Array(width * height);
  const cellOf = (i: number, n: number, from: number, length: number) =>
    Math.min(n - 1, Math.floor((from + ((i + 0.5) / side) * length) * n));
  for (let y = 0; y < side; y++) {
    const cy = cellOf(y, height, photo.y, photo.height);
    for (let x = 0; x < side; x++) {
      const c = cy * width + cellOf(x, width, photo.x, photo.width);
      sums[c]! += weight[y * side + x]!;
      counts[c]!++;
    }
  }
  const across = axisCoverage(width, photo.x, photo.width);
  const down = axisCoverage(height, photo.y, photo.height);
  return sums.map((s, i) =>
    counts[i]! > 0 ? (s / counts[i]!) * across[i % width]! * down[Math.floor(i / width)]! : 0,
  );
}

export function poolFeatureMap(map: FeatureMap, image: SceneImage): Float32Array {
  const { channels, height, width, data } = map;
  const cells = width * height;
  if (data.length !== channels * cells)
    throw new RangeError(`${data.length} values for ${channels}×${height}×${width}`);
  const weights = cellWeights(image, width, height, map.photo);
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
