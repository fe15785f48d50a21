/*
 * In-place radix-2 complex FFT over square power-of-two planes, for the scene descriptor's frequency-domain filters
 * (Gabor banks and Gaussian blurs are cheaper as products of spectra than as 2-D convolutions with wide kernels).
 */

/** A size×size complex plane, row-major, real and imaginary parts apart. */
export type ComplexPlane = { size: number; re: Float64Array; im: Float64Array };

export function complexPlane(size: number): ComplexPlane {
  if (!(size >= 1 && (size & (size - 1)) === 0)) throw new RangeError(`FFT size ${size} is not a power of two`);
  return { size, re: new Float64Array(size * size), im: new Float64Array(size * size) };
}

type Twiddles = Readonly<{ cos: Float64Array; sin: Float64Array; reversed: Uint32Array }>;
const twiddleCache = new Map<number, Twiddles>();

/** cos/sin of −2πk/n for k < n/2, and the bit-reversal permutation: computed once per size, not per butterfly. */
function twiddles(n: number): Twiddles {
  const cached = twiddleCache.get(n);
  if (cached) return cached;
  const cos = new Float64Array(n / 2);
  const sin = new Float64Array(n / 2);
  for (let k = 0; k < n / 2; k++) {
    cos[k] = Math.cos((-2 * Math.PI * k) / n);
    sin[k] = Math.sin((-2 * Math.PI * k) / n);
  }
  const reversed = new Uint32Array(n);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    reversed[i] = j;
  }
  const made = { cos, sin, reversed };
  twiddleCache.set(n, made);
  return made;
}

/**
 * One 1-D transform of the n values from `start`. inverse: conjugate twiddles, no scaling. The butterfly is written
 * out here and in fftColumns: a shared function for it measured 20% slower (V8 did not inline it in both loops).
 */
function fft1d(re: Float64Array, im: Float64Array, start: number, n: number, inverse: boolean): void {
  const { cos, sin, reversed } = twiddles(n);
  for (let i = 1; i < n; i++) {
    const j = reversed[i]!;
    if (i < j) {
      const a = start + i;
      const b = start + j;
      const tr = re[a]!;
      re[a] = re[b]!;
      re[b] = tr;
      const ti = im[a]!;
      im[a] = im[b]!;
      im[b] = ti;
    }
  }
  const sign = inverse ? -1 : 1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    // Twiddle outermost: it is loaded once per k, not once per butterfly (the same arithmetic, in another order).
    for (let k = 0; k < half; k++) {
      const cr = cos[k * step]!;
      const ci = sign * sin[k * step]!;
      for (let a = start + k; a < start + n; a += len) {
        const b = a + half;
        const xr = re[b]!;
        const xi = im[b]!;
        const ar = re[a]!;
        const ai = im[a]!;
        const br = xr * cr - xi * ci;
        const bi = xr * ci + xi * cr;
        re[b] = ar - br;
        im[b] = ai - bi;
        re[a] = ar + br;
        im[a] = ai + bi;
      }
    }
  }
}

/** Swaps rows a and b (size values each) of a row-major plane. */
function swapRows(values: Float64Array, a: number, b: number, size: number, scratch: Float64Array): void {
  const rowA = values.subarray(a * size, (a + 1) * size);
  scratch.set(rowA);
  values.copyWithin(a * size, b * size, (b + 1) * size);
  values.set(scratch, b * size);
}

/**
 * The 1-D transform of every column at once: the same butterflies as fft1d, but each one runs along a pair of whole
 * rows, so memory is read contiguously and the twiddle is fixed for the inner loop (a transposed pass over 256² was
 * cache-bound, and transposing twice cost as much again).
 */
function fftColumns(plane: ComplexPlane, inverse: boolean): void {
  const { size: n, re, im } = plane;
  const { cos, sin, reversed } = twiddles(n);
  const scratch = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const j = reversed[i]!;
    if (i < j) {
      swapRows(re, i, j, n, scratch);
      swapRows(im, i, j, n, scratch);
    }
  }
  const sign = inverse ? -1 : 1;
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const step = n / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const cr = cos[k * step]!;
        const ci = sign * sin[k * step]!;
        const rowA = (i + k) * n;
        const rowB = rowA + half * n;
        for (let x = 0; x < n; x++) {
          const a = rowA + x;
          const b = rowB + x;
          const xr = re[b]!;
          const xi = im[b]!;
          const ar = re[a]!;
          const ai = im[a]!;
          const br = xr * cr - xi * ci;
          const bi = xr * ci + xi * cr;
          re[b] = ar - br;
          im[b] = ai - bi;
          re[a] = ar + br;
          im[a] = ai + bi;
        }
      }
    }
  }
}

/** 2-D DFT in place; the inverse divides by size², so inverse(forward(x)) = x. */
export function fft2d(plane: ComplexPlane, inverse = false): void {
  transform2d(plane, inverse, 0, plane.size);
}

/**
 * The inverse 2-D DFT of `plane`, in place, but only rows [from, to) of the result are computed (and scaled by
 * 1/size²); the other rows hold partial sums. For filters whose response is read on part of a padded plane.
 */
export function inverseFft2dRows(plane: ComplexPlane, from: number, to: number): void {
  transform2d(plane, true, from, to);
}

function transform2d(plane: ComplexPlane, inverse: boolean, from: number, to: number): void {
  const { size, re, im } = plane;
  // Columns first, so the row pass (the costlier, scalar one) can stop at the rows wanted.
  fftColumns(plane, inverse);
  for (let row = from; row < to; row++) fft1d(re, im, row * size, size, inverse);
  if (!inverse) return;
  const factor = 1 / (size * size);
  for (let i = from * size; i < to * size; i++) {
    re[i]! *= factor;
    im[i]! *= factor;
  }
}

/**
 * Signed frequency of FFT index i on a size-point axis, in cycles per sample (−0.5..0.5): the map every transfer
 * function here is defined on.
 */
export function frequencyOf(i: number, size: number): number {
  return (i < size / 2 ? i : i - size) / size;
}

/** Multiplies a spectrum by a real transfer function (size² values, FFT index order) into `out`. */
export function filterSpectrum(spectrum: ComplexPlane, transfer: Float64Array, out: ComplexPlane): void {
  const { re, im } = spectrum;
  for (let i = 0; i < re.length; i++) {
    out.re[i] = re[i]! * transfer[i]!;
    out.im[i] = im[i]! * transfer[i]!;
  }
}
