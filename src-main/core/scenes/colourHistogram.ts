/*
 * Colour histograms of the background over a spatial layout of cells, weighted by the background mask. Each cell's
 * histogram is soft-binned (a value splits linearly between its two nearest bin centres per channel, so a small colour
 * shift moves mass smoothly instead of jumping bins), normalised to sum 1 and square-rooted (Hellinger: Euclidean
 * distance of sqrt-histograms behaves like the Bhattacharyya distance, and no single dominant colour swamps the rest).
 */
import { addMass, cellMeans, createCellPool, normalizeL2 } from './pooling.js';
import { gridCells, type SceneImage } from './sceneImage.js';

export type ColourSpace = 'rgb' | 'lab';

/** A grid of cols×rows cells over the working square. */
export type Grid = Readonly<{ cols: number; rows: number }>;

export type ColourHistogramParams = Readonly<{
  space: ColourSpace;
  /** Bins per channel. */
  bins: readonly [number, number, number];
  /** Value range per channel that the bins span (values beyond go to the end bins). */
  ranges: readonly (readonly [number, number])[];
  /** Grids pooled side by side (a spatial pyramid: 1×1 for the whole photo, then finer). */
  grids: readonly Grid[];
}>;

export function colourHistogramDimension(p: ColourHistogramParams): number {
  const cells = p.grids.reduce((sum, g) => sum + g.cols * g.rows, 0);
  return cells * p.bins[0] * p.bins[1] * p.bins[2];
}

const srgbToLinear = (v: number) => {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};
const SRGB_LINEAR = Float64Array.from({ length: 256 }, (_, v) => srgbToLinear(v));
const labF = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);

/** CIE L*a*b* (D65) of an sRGB colour given as 0..255 floats; writes [L, a, b] into out. */
export function srgbToLab(r: number, g: number, b: number, out: Float64Array): void {
  const lin = (v: number) => SRGB_LINEAR[Math.max(0, Math.min(255, Math.round(v)))]!;
  const R = lin(r);
  const G = lin(g);
  const B = lin(b);
  const x = labF((0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047);
  const y = labF(0.2126729 * R + 0.7151522 * G + 0.072175 * B);
  const z = labF((0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883);
  out[0] = 116 * y - 16;
  out[1] = 500 * (x - y);
  out[2] = 200 * (y - z);
}

/** Lower bin and the weight of the upper one, for a value over `bins` bins spanning [lo, hi] (centres at half-bins). */
function softBin(value: number, bins: number, lo: number, hi: number): [number, number] {
  const pos = ((value - lo) / (hi - lo)) * bins - 0.5;
  if (pos <= 0) return [0, 0];
  if (pos >= bins - 1) return [bins - 1, 0];
  const low = Math.floor(pos);
  return [low, pos - low];
}

/** The descriptor: per cell (grids in order, cells row-major) a sqrt-normalised histogram; unit L2 as a whole. */
export function colourHistogram(image: SceneImage, p: ColourHistogramParams): Float32Array {
  const { side, rgb, weight } = image;
  const [b0, b1, b2] = p.bins;
  const binCount = b0 * b1 * b2;
  const layouts = p.grids.map((g) => ({
    cells: gridCells(side, g.cols, g.rows),
    pool: createCellPool(g.cols * g.rows, binCount),
  }));
  const colour = new Float64Array(3);
  const lows = new Int32Array(3);
  const fracs = new Float64Array(3);
  const counts = [b0, b1, b2];
  for (let i = 0; i < side * side; i++) {
    const w = weight[i]!;
    if (w <= 0) continue;
    if (p.space === 'lab') srgbToLab(rgb[i * 3]!, rgb[i * 3 + 1]!, rgb[i * 3 + 2]!, colour);
    else colour.set(rgb.subarray(i * 3, i * 3 + 3));
    for (let c = 0; c < 3; c++) {
      const [low, frac] = softBin(colour[c]!, counts[c]!, p.ranges[c]![0], p.ranges[c]![1]);
      lows[c] = low;
      fracs[c] = frac;
    }
    for (const { cells, pool } of layouts) {
      const cell = cells[i]!;
      addMass(pool, cell, w);
      const base = cell * binCount;
      // The 8 corners of the trilinear split (corners with zero weight or past the last bin add nothing).
      for (let corner = 0; corner < 8; corner++) {
        let share = w;
        let bin = 0;
        for (let c = 0; c < 3; c++) {
          const up = (corner >> c) & 1;
          share *= up ? fracs[c]! : 1 - fracs[c]!;
          bin = bin * counts[c]! + Math.min(counts[c]! - 1, lows[c]! + up);
        }
        if (share > 0) pool.values[base + bin]! += share;
      }
    }
  }
  const out = new Float32Array(colourHistogramDimension(p));
  let offset = 0;
  for (const { pool } of layouts) {
    const means = cellMeans(pool);
    // cellMeans divides by the cell's mass, so each cell's histogram already sums to 1.
    for (let j = 0; j < means.length; j++) out[offset + j] = Math.sqrt(Math.max(0, means[j]!));
    offset += means.length;
  }
  normalizeL2(out);
  return out;
}
