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

/** One strided 1-D transform of n values starting at `start`, `stride` apart. inverse: conjugate twiddles, no scaling. */
function fft1d(re: Float64Array, im: Float64Array, start: number, stride: number, n: number, inverse: boolean): void {
  const { cos, sin, reversed } = twiddles(n);
  for (let i = 1; i < n; i++) {
    const j = reversed[i]!;
    if (i < j) {
      const a = start + i * stride;
      const b = start + j * stride;
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
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < half; k++) {
        const cr = cos[k * step]!;
        const ci = sign * sin[k * step]!;
        const a = start + (i + k) * stride;
        const b = a + half * stride;
        const br = re[b]! * cr - im[b]! * ci;
        const bi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - br;
        im[b] = im[a]! - bi;
        re[a] = re[a]! + br;
        im[a] = im[a]! + bi;
      }
    }
  }
}

function transpose(values: Float64Array, size: number): void {
  for (let y = 0; y < size; y++) {
    for (let x = y + 1; x < size; x++) {
      const a = y * size + x;
      const b = x * size + y;
      const t = values[a]!;
      values[a] = values[b]!;
      values[b] = t;
    }
  }
}

/** 2-D DFT in place; the inverse divides by size², so inverse(forward(x)) = x. */
export function fft2d(plane: ComplexPlane, inverse = false): void {
  const { size, re, im } = plane;
  // Columns as rows of the transpose: strided butterflies miss the cache at 256², contiguous ones do not.
  for (let row = 0; row < size; row++) fft1d(re, im, row * size, 1, size, inverse);
  transpose(re, size);
  transpose(im, size);
  for (let row = 0; row < size; row++) fft1d(re, im, row * size, 1, size, inverse);
  transpose(re, size);
  transpose(im, size);
  if (!inverse) return;
  const scale = 1 / (size * size);
  for (let i = 0; i < re.length; i++) {
    re[i]! *= scale;
    im[i]! *= scale;
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
