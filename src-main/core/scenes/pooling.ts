/*
 * Weighted pooling of per-pixel features into grid cells, shared by the scene descriptors. A cell with no background
 * left (a person fills it) takes the whole image's pooled value instead of zeros, so covering a cell moves the
 * descriptor towards "the rest of this photo", not towards every other photo with an empty cell.
 */

export type CellPool = Readonly<{ cells: number; features: number; values: Float64Array; mass: Float64Array }>;

/** Background mass below this share of an average cell counts as an empty cell. */
const EMPTY_CELL_SHARE = 0.02;

export function createCellPool(cells: number, features: number): CellPool {
  return { cells, features, values: new Float64Array(cells * features), mass: new Float64Array(cells) };
}

/** Adds a pixel's weight to its cell's mass (call once per pixel, before reading means). */
export function addMass(pool: CellPool, cell: number, weight: number): void {
  pool.mass[cell]! += weight;
}

/** Per cell, the features divided by the cell's mass; empty cells get the all-cells mean. */
export function cellMeans(pool: CellPool): Float64Array {
  const { cells, features, values, mass } = pool;
  let totalMass = 0;
  for (const m of mass) totalMass += m;
  const global = new Float64Array(features);
  for (let c = 0; c < cells; c++) for (let f = 0; f < features; f++) global[f]! += values[c * features + f]!;
  for (let f = 0; f < features; f++) global[f] = totalMass > 0 ? global[f]! / totalMass : 0;
  const out = new Float64Array(cells * features);
  const floor = (EMPTY_CELL_SHARE * totalMass) / cells;
  for (let c = 0; c < cells; c++) {
    const m = mass[c]!;
    for (let f = 0; f < features; f++) {
      out[c * features + f] = m > floor && m > 0 ? values[c * features + f]! / m : global[f]!;
    }
  }
  return out;
}

/** Scales a vector to unit L2 length in place (a zero vector stays zero). */
export function normalizeL2(v: Float32Array | Float64Array): void {
  let sum = 0;
  for (const x of v) sum += x * x;
  if (sum === 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = 0; i < v.length; i++) v[i]! *= inv;
}
