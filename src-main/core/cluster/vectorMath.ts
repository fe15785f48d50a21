/*
 * Distance kernels over row-major Float32Array descriptors: unrolled by four with separate accumulators, so V8 keeps
 * them in registers. (8-bit codes were tried for the kNN graph: no faster in V8, and lower recall.)
 */

/** Squared Euclidean distance between row a of x and row b of y. */
export function squaredDistance(x: Float32Array, a: number, y: Float32Array, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = a * dim;
  let j = b * dim;
  const end4 = i + (dim & ~3);
  for (; i < end4; i += 4, j += 4) {
    const d0 = x[i]! - y[j]!;
    const d1 = x[i + 1]! - y[j + 1]!;
    const d2 = x[i + 2]! - y[j + 2]!;
    const d3 = x[i + 3]! - y[j + 3]!;
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  const end = a * dim + dim;
  for (; i < end; i++, j++) {
    const d = x[i]! - y[j]!;
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

/** normal · row r of x. */
export function dotWithRow(normal: Float32Array, x: Float32Array, r: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = r * dim;
  let i = 0;
  const end4 = dim & ~3;
  for (; i < end4; i += 4, j += 4) {
    s0 += normal[i]! * x[j]!;
    s1 += normal[i + 1]! * x[j + 1]!;
    s2 += normal[i + 2]! * x[j + 2]!;
    s3 += normal[i + 3]! * x[j + 3]!;
  }
  for (; i < dim; i++, j++) s0 += normal[i]! * x[j]!;
  return s0 + s1 + s2 + s3;
}
