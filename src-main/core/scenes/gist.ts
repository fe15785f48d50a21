/*
 * A GIST-like layout-of-texture descriptor (after Oliva & Torralba 2001, "Modeling the shape of the scene"): the
 * luminance is log-compressed, whitened and contrast-normalised, filtered by a bank of oriented band-pass filters
 * (log-Gabor, one-sided so each response is complex and its magnitude a smooth local energy), and the energies are
 * averaged over a grid of cells. Every filter is a product in the frequency domain over a mirror-padded plane, so
 * wide filters cost what narrow ones do and the photo's borders do not wrap around.
 *
 * People are masked out twice: their pixels are first filled in from the surrounding background (normalised
 * convolution, so their edges do not ring into the filters), then weigh 0 when energies are pooled.
 */
import { complexPlane, fft2d, filterSpectrum, frequencyOf, inverseFft2dRows, type ComplexPlane } from './fft.js';
import { addMass, cellMeans, createCellPool, normalizeL2 } from './pooling.js';
import { gridCells, type SceneImage } from './sceneImage.js';

export type GistParams = Readonly<{
  /** Centre frequency of each scale, cycles per working pixel (0.5 = Nyquist). */
  scales: readonly number[];
  orientations: number;
  /** Pooling grid, cells per side. */
  grid: number;
  /** Radial bandwidth, standard deviation of ln(f / f0). */
  radialSigma: number;
  /** Angular bandwidth, standard deviation in radians. */
  angularSigma: number;
  /** Whitening / contrast-normalisation low-pass cut-off, cycles per working pixel. */
  prefilterCutoff: number;
}>;

/*
 * Four octaves from 1/4 down to 1/32 cycle per pixel of the 128-px square, eight orientations, a 4×4 grid: LabelMe's
 * GIST layout (512 values). Adjacent filters cross at about 0.75 of their peak. The prefilter cut-off is GIST's
 * 4 cycles per 256-px image, scaled to the 128-px square.
 */
export const DEFAULT_GIST_PARAMS: GistParams = {
  scales: [0.25, 0.125, 0.0625, 0.03125],
  orientations: 8,
  grid: 4,
  radialSigma: 0.45,
  angularSigma: 0.25,
  prefilterCutoff: 4 / 128,
};

export function gistDimension(p: GistParams): number {
  return p.scales.length * p.orientations * p.grid * p.grid;
}

/** Fill-in blur widths, in working pixels: the wider one covers holes the narrow one cannot reach. */
const FILL_SIGMAS = [6, 24] as const;
/** Normalised-convolution support below which a pixel counts as unreached at that blur width. */
const FILL_SUPPORT = 0.05;
/** GIST's contrast-normalisation floor (its images are log(1 + v) of 0..255 values, like these). */
const CONTRAST_FLOOR = 0.2;

type Bank = Readonly<{
  padded: number;
  gabors: readonly Float64Array[];
  lowpass: Float64Array;
  blurs: readonly Float64Array[];
}>;
const banks = new Map<string, Bank>();

function transfer(size: number, fn: (fx: number, fy: number) => number): Float64Array {
  const out = new Float64Array(size * size);
  for (let v = 0; v < size; v++) {
    const fy = frequencyOf(v, size);
    for (let u = 0; u < size; u++) out[v * size + u] = fn(frequencyOf(u, size), fy);
  }
  return out;
}

function bankFor(side: number, p: GistParams): Bank {
  const key = `${side}:${JSON.stringify(p)}`;
  const cached = banks.get(key);
  if (cached) return cached;
  const padded = 2 * side;
  const gabors: Float64Array[] = [];
  for (const f0 of p.scales) {
    for (let o = 0; o < p.orientations; o++) {
      const theta = (o * Math.PI) / p.orientations;
      gabors.push(
        transfer(padded, (fx, fy) => {
          const f = Math.hypot(fx, fy);
          if (f === 0) return 0;
          let d = Math.atan2(fy, fx) - theta;
          d -= 2 * Math.PI * Math.round(d / (2 * Math.PI));
          const radial = Math.log(f / f0);
          return Math.exp(-(radial * radial) / (2 * p.radialSigma ** 2) - (d * d) / (2 * p.angularSigma ** 2));
        }),
      );
    }
  }
  const s = p.prefilterCutoff / Math.sqrt(Math.LN2);
  const lowpass = transfer(padded, (fx, fy) => Math.exp(-(fx * fx + fy * fy) / (s * s)));
  // Gaussian blur of standard deviation sigma pixels: its transform is exp(−2π²σ²f²).
  const blurs = FILL_SIGMAS.map((sigma) =>
    transfer(padded, (fx, fy) => Math.exp(-2 * Math.PI * Math.PI * sigma * sigma * (fx * fx + fy * fy))),
  );
  const bank = { padded, gabors, lowpass, blurs };
  banks.set(key, bank);
  return bank;
}

/** Writes a side² plane into the centre of a (2·side)² plane, mirrored outwards (whole-sample symmetric). */
function mirrorPad(values: Float64Array, side: number, out: ComplexPlane): void {
  const padded = out.size;
  const offset = side / 2;
  const reflect = (i: number) => {
    let k = i - offset;
    const period = 2 * side;
    k = ((k % period) + period) % period;
    return k < side ? k : period - 1 - k;
  };
  for (let y = 0; y < padded; y++) {
    const sy = reflect(y);
    for (let x = 0; x < padded; x++) out.re[y * padded + x] = values[sy * side + reflect(x)]!;
  }
  out.im.fill(0);
}

function blurred(values: Float64Array, side: number, kernel: Float64Array, plane: ComplexPlane): Float64Array {
  mirrorPad(values, side, plane);
  fft2d(plane);
  filterSpectrum(plane, kernel, plane);
  fft2d(plane, true);
  return centre(plane, side);
}

function centre(plane: ComplexPlane, side: number): Float64Array {
  const out = new Float64Array(side * side);
  const offset = side / 2;
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) out[y * side + x] = plane.re[(y + offset) * plane.size + x + offset]!;
  }
  return out;
}

/** Luminance with masked pixels replaced by the surrounding background (weight 1 keeps the pixel as it is). */
function filledLuminance(image: SceneImage, bank: Bank, plane: ComplexPlane): Float64Array {
  const { side, rgb, weight } = image;
  const n = side * side;
  const luma = new Float64Array(n);
  for (let i = 0; i < n; i++) luma[i] = 0.299 * rgb[i * 3]! + 0.587 * rgb[i * 3 + 1]! + 0.114 * rgb[i * 3 + 2]!;
  if (weight.every((w) => w >= 1)) return luma;
  const w = Float64Array.from(weight);
  const wl = luma.map((v, i) => v * w[i]!);
  let mass = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    mass += w[i]!;
    sum += wl[i]!;
  }
  const fallback = mass > 0 ? sum / mass : 128;
  const fill = new Float64Array(n).fill(Number.NaN);
  for (const kernel of bank.blurs) {
    const support = blurred(w, side, kernel, plane);
    const values = blurred(wl, side, kernel, plane);
    for (let i = 0; i < n; i++)
      if (Number.isNaN(fill[i]) && support[i]! >= FILL_SUPPORT) fill[i] = values[i]! / support[i]!;
  }
  for (let i = 0; i < n; i++) {
    const f = Number.isNaN(fill[i]) ? fallback : fill[i]!;
    luma[i] = w[i]! * luma[i]! + (1 - w[i]!) * f;
  }
  return luma;
}

/** The descriptor: per scale, orientation and cell (in that order) the mean energy; unit L2 as a whole. */
export function gistDescriptor(image: SceneImage, p: GistParams = DEFAULT_GIST_PARAMS): Float32Array {
  const { side, weight } = image;
  if ((side & (side - 1)) !== 0) throw new RangeError(`GIST needs a power-of-two working side, got ${side}`);
  const bank = bankFor(side, p);
  const plane = complexPlane(bank.padded);
  const logLuma = filledLuminance(image, bank, plane).map((v) => Math.log1p(v));

  // Whitening, then local contrast normalisation, both over the padded plane.
  mirrorPad(logLuma, side, plane);
  const total = plane.re.length;
  const high = Float64Array.from(plane.re);
  fft2d(plane);
  filterSpectrum(plane, bank.lowpass, plane);
  fft2d(plane, true);
  for (let i = 0; i < total; i++) high[i]! -= plane.re[i]!;
  for (let i = 0; i < total; i++) {
    plane.re[i] = high[i]! * high[i]!;
    plane.im[i] = 0;
  }
  fft2d(plane);
  filterSpectrum(plane, bank.lowpass, plane);
  fft2d(plane, true);
  for (let i = 0; i < total; i++) {
    plane.re[i] = high[i]! / (CONTRAST_FLOOR + Math.sqrt(Math.abs(plane.re[i]!)));
    plane.im[i] = 0;
  }
  fft2d(plane);

  const cells = gridCells(side, p.grid, p.grid);
  const filters = bank.gabors.length;
  const pool = createCellPool(p.grid * p.grid, filters);
  for (let i = 0; i < side * side; i++) addMass(pool, cells[i]!, weight[i]!);
  const response = complexPlane(bank.padded);
  const offset = side / 2;
  for (let f = 0; f < filters; f++) {
    filterSpectrum(plane, bank.gabors[f]!, response);
    // Only the centre (the photo; the rest is mirror padding) is pooled.
    inverseFft2dRows(response, offset, offset + side);
    for (let y = 0; y < side; y++) {
      for (let x = 0; x < side; x++) {
        const i = y * side + x;
        const w = weight[i]!;
        if (w <= 0) continue;
        const j = (y + offset) * bank.padded + x + offset;
        const re = response.re[j]!;
        const im = response.im[j]!;
        pool.values[cells[i]! * filters + f]! += w * Math.sqrt(re * re + im * im);
      }
    }
  }
  const means = cellMeans(pool);
  // Pool order is cell-major; the descriptor is filter-major (scale, orientation, then cell), as LabelMe's GIST.
  const out = new Float32Array(gistDimension(p));
  const cellCount = p.grid * p.grid;
  for (let f = 0; f < filters; f++)
    for (let c = 0; c < cellCount; c++) out[f * cellCount + c] = means[c * filters + f]!;
  normalizeL2(out);
  return out;
}
