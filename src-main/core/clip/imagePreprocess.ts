/*
 * CLIP image preprocessing as a Hugging Face `preprocessor_config.json` declares it: resize (shortest edge, PIL's
 * antialiased bicubic or bilinear), centre crop, rescale, mean/std normalisation, planar NCHW float32. The resampling
 * follows Pillow's fixed-point 8-bit path (horizontal pass, rounding to bytes, vertical pass), which is what the
 * reference processor and OpenAI's torchvision pipeline run on a PIL image, so pixel values match them, not merely
 * resemble them.
 */
import { z } from 'zod';
import type { RgbImage } from '../inference/preprocess/image.js';

const Size = z.union([
  z.number().int().positive(),
  z.object({ shortest_edge: z.number().int().positive() }),
  z.object({ height: z.number().int().positive(), width: z.number().int().positive() }),
]);
const Triple = z.tuple([z.number(), z.number(), z.number()]);

/** The keys Facets reads; other keys (processor class names, …) are ignored. */
const PreprocessorJson = z.object({
  do_resize: z.boolean().default(true),
  size: Size.optional(),
  /** PIL's numbering: 2 bilinear, 3 bicubic. */
  resample: z.union([z.literal(2), z.literal(3)]).default(3),
  do_center_crop: z.boolean().default(true),
  crop_size: Size.optional(),
  do_rescale: z.boolean().default(true),
  rescale_factor: z
    .number()
    .positive()
    .default(1 / 255),
  do_normalize: z.boolean().default(true),
  image_mean: Triple.default([0.48145466, 0.4578275, 0.40821073]),
  image_std: Triple.default([0.26862954, 0.26130258, 0.27577711]),
});

type Extent = Readonly<{ width: number; height: number }>;

export type ClipImageConfig = Readonly<{
  resize: Readonly<{ shortestEdge: number }> | Extent | null;
  resample: 'bilinear' | 'bicubic';
  crop: Extent | null;
  /** Multiplies 0..255 pixel values (1/255 for CLIP). */
  rescale: number;
  mean: readonly [number, number, number];
  std: readonly [number, number, number];
}>;

function extent(size: z.infer<typeof Size>): Extent {
  if (typeof size === 'number') return { width: size, height: size };
  if ('shortest_edge' in size) throw new Error('preprocessor_config.json: crop_size must be a height and width');
  return size;
}

/** Reads a `preprocessor_config.json` and refuses what would give tensors of varying size. */
export function parsePreprocessorConfig(json: unknown): ClipImageConfig {
  const p = PreprocessorJson.parse(json);
  const resize = !p.do_resize
    ? null
    : p.size === undefined
      ? (() => {
          throw new Error('preprocessor_config.json: do_resize without a size');
        })()
      : typeof p.size === 'number'
        ? { shortestEdge: p.size }
        : 'shortest_edge' in p.size
          ? { shortestEdge: p.size.shortest_edge }
          : p.size;
  const crop = p.do_center_crop && p.crop_size !== undefined ? extent(p.crop_size) : null;
  if (!crop && !(resize && 'width' in resize)) {
    throw new Error('preprocessor_config.json: without a centre crop or a fixed resize the tensor size would vary');
  }
  return {
    resize,
    resample: p.resample === 2 ? 'bilinear' : 'bicubic',
    crop,
    rescale: p.do_rescale ? p.rescale_factor : 1,
    mean: p.do_normalize ? p.image_mean : [0, 0, 0],
    std: p.do_normalize ? p.image_std : [1, 1, 1],
  };
}

/** The tensor's spatial size: every image becomes 3 × height × width. */
export function inputSize(config: ClipImageConfig): Extent {
  if (config.crop) return config.crop;
  if (config.resize && 'width' in config.resize) return config.resize;
  throw new Error('CLIP preprocessing: the tensor size is not fixed');
}

/** The size the resize step gives `image` (Hugging Face's rule: the long edge is floored, not rounded). */
export function resizedSize(config: ClipImageConfig, width: number, height: number): Extent {
  const r = config.resize;
  if (!r) return { width, height };
  if ('width' in r) return r;
  const short = Math.min(width, height);
  const long = Math.floor((r.shortestEdge * Math.max(width, height)) / short);
  return width <= height ? { width: r.shortestEdge, height: long } : { width: long, height: r.shortestEdge };
}

const KERNELS = {
  bilinear: { support: 1, at: (x: number) => Math.max(0, 1 - Math.abs(x)) },
  bicubic: {
    support: 2,
    at: (v: number) => {
      // Keys' cubic with a = -0.5, as Pillow's bicubic.
      const a = -0.5;
      const x = Math.abs(v);
      if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
      if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
      return 0;
    },
  },
} as const;

/** Pillow's 8-bit coefficients carry 22 fractional bits (32 − 8 − 2). */
const PRECISION_BITS = 22;
const ONE = 2 ** PRECISION_BITS;
const HALF = 2 ** (PRECISION_BITS - 1);

type AxisCoefficients = Readonly<{ first: Int32Array; count: Int32Array; weights: Int32Array; stride: number }>;

/**
 * Pillow's precompute_coeffs for the output indices [from, from + n) of an inSize → outSize resize: a window widened
 * by the downscale factor (antialiasing), clipped to the image and renormalised, in fixed point.
 */
function axisCoefficients(
  kernel: (typeof KERNELS)[keyof typeof KERNELS],
  inSize: number,
  outSize: number,
  from: number,
  n: number,
): AxisCoefficients {
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = kernel.support * filterScale;
  const stride = Math.ceil(support) * 2 + 1;
  const first = new Int32Array(n);
  const count = new Int32Array(n);
  const weights = new Int32Array(n * stride);
  for (let i = 0; i < n; i++) {
    const centre = (from + i + 0.5) * scale;
    const xmin = Math.max(0, Math.trunc(centre - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(centre + support + 0.5));
    let total = 0;
    const raw: number[] = [];
    for (let x = xmin; x < xmax; x++) {
      const w = kernel.at((x - centre + 0.5) / filterScale);
      raw.push(w);
      total += w;
    }
    first[i] = xmin;
    count[i] = raw.length;
    raw.forEach((w, k) => {
      const normalised = total === 0 ? w : w / total;
      weights[i * stride + k] = Math.trunc(normalised < 0 ? -0.5 + normalised * ONE : 0.5 + normalised * ONE);
    });
  }
  return { first, count, weights, stride };
}

/**
 * Back to a byte from a fixed-point sum. Sums stay within int32 as in Pillow (≤ 255 · ~1.1 · 2^22 + 2^21), so the
 * passes below run on V8's integer path.
 */
const clip8 = (sum: number) => {
  const v = sum >> PRECISION_BITS;
  return v < 0 ? 0 : v > 255 ? 255 : v;
};

/**
 * Rows [rowFrom, rowTo) of `image` resampled horizontally to the output columns `xs` describes, as bytes (Pillow
 * rounds the intermediate image to 8 bits between its two passes).
 */
function horizontalPass(image: RgbImage, xs: AxisCoefficients, rowFrom: number, rowTo: number): RgbImage {
  const { data, width } = image;
  const { first, count, weights, stride } = xs;
  const n = first.length;
  const out = new Uint8Array((rowTo - rowFrom) * n * 3);
  let o = 0;
  for (let y = rowFrom; y < rowTo; y++) {
    const row = y * width * 3;
    for (let i = 0; i < n; i++) {
      let r = HALF;
      let g = HALF;
      let b = HALF;
      const base = i * stride;
      const taps = count[i]!;
      let s = row + first[i]! * 3;
      for (let k = 0; k < taps; k++, s += 3) {
        const w = weights[base + k]!;
        r = (r + Math.imul(data[s]!, w)) | 0;
        g = (g + Math.imul(data[s + 1]!, w)) | 0;
        b = (b + Math.imul(data[s + 2]!, w)) | 0;
      }
      out[o++] = clip8(r);
      out[o++] = clip8(g);
      out[o++] = clip8(b);
    }
  }
  return { data: out, width: n, height: rowTo - rowFrom };
}

/** `image` resampled vertically: output row j reads rows `ys.first[j] - rowOffset …` of `image`. */
function verticalPass(image: RgbImage, ys: AxisCoefficients, rowOffset: number): RgbImage {
  const { data } = image;
  const { first, count, weights, stride } = ys;
  const n = first.length;
  const rowLength = image.width * 3;
  const out = new Uint8Array(n * rowLength);
  const acc = new Int32Array(rowLength);
  for (let j = 0; j < n; j++) {
    acc.fill(HALF);
    const base = j * stride;
    for (let k = 0; k < count[j]!; k++) {
      const w = weights[base + k]!;
      const s = (first[j]! - rowOffset + k) * rowLength;
      for (let i = 0; i < rowLength; i++) acc[i] = (acc[i]! + Math.imul(data[s + i]!, w)) | 0;
    }
    const o = j * rowLength;
    for (let i = 0; i < rowLength; i++) out[o + i] = clip8(acc[i]!);
  }
  return { data: out, width: image.width, height: n };
}

/**
 * The part [x0, x0 + w) × [y0, y0 + h) of `image` resized to outWidth × outHeight, computing only that part.
 * Pillow skips a pass whose axis keeps its size; so does this.
 */
function resizeRegion(
  image: RgbImage,
  outWidth: number,
  outHeight: number,
  region: Readonly<{ x0: number; y0: number; w: number; h: number }>,
  resample: ClipImageConfig['resample'],
): RgbImage {
  const kernel = KERNELS[resample];
  const ys = outHeight === image.height ? null : axisCoefficients(kernel, image.height, outHeight, region.y0, region.h);
  const rowFrom = ys ? ys.first[0]! : region.y0;
  const rowTo = ys ? ys.first[region.h - 1]! + ys.count[region.h - 1]! : region.y0 + region.h;
  let level: RgbImage;
  if (outWidth === image.width) {
    level = {
      data: image.data.subarray(rowFrom * image.width * 3, rowTo * image.width * 3),
      width: image.width,
      height: rowTo - rowFrom,
    };
    level = cropColumns(level, region.x0, region.w);
  } else {
    level = horizontalPass(image, axisCoefficients(kernel, image.width, outWidth, region.x0, region.w), rowFrom, rowTo);
  }
  return ys ? verticalPass(level, ys, rowFrom) : level;
}

function cropColumns(image: RgbImage, x0: number, w: number): RgbImage {
  if (x0 === 0 && w === image.width) return image;
  const out = new Uint8Array(image.height * w * 3);
  for (let y = 0; y < image.height; y++) {
    const s = (y * image.width + x0) * 3;
    out.set(image.data.subarray(s, s + w * 3), y * w * 3);
  }
  return { data: out, width: w, height: image.height };
}

export type PixelTarget = Readonly<{ into?: Float32Array; offset?: number }>;

/**
 * `pixel_values` for one decoded RGB image: 3 × H × W float32, channel planes in R, G, B order. Write a batch by
 * passing the batch buffer and each image's offset (i · 3 · H · W).
 */
export function clipPixelValues(image: RgbImage, config: ClipImageConfig, target: PixelTarget = {}): Float32Array {
  if (image.width < 1 || image.height < 1)
    throw new Error(`CLIP preprocessing: empty image ${image.width}×${image.height}`);
  if (image.data.length < image.width * image.height * 3)
    throw new Error('CLIP preprocessing: fewer bytes than RGB pixels');
  const resized = resizedSize(config, image.width, image.height);
  const out = inputSize(config);
  const plane = out.width * out.height;
  const tensor = target.into ?? new Float32Array(plane * 3);
  const offset = target.offset ?? 0;
  if (tensor.length < offset + plane * 3) throw new RangeError('tensor target too small');

  // Hugging Face's centre crop: offsets floored; a crop larger than the image is padded with zeros around it.
  const top = Math.floor((resized.height - out.height) / 2);
  const left = Math.floor((resized.width - out.width) / 2);
  const x0 = Math.max(0, left);
  const y0 = Math.max(0, top);
  const w = Math.min(resized.width, left + out.width) - x0;
  const h = Math.min(resized.height, top + out.height) - y0;
  const pixels = resizeRegion(image, resized.width, resized.height, { x0, y0, w, h }, config.resample);

  for (let c = 0; c < 3; c++) {
    const scale = config.rescale / config.std[c]!;
    const shift = config.mean[c]! / config.std[c]!;
    const planeStart = offset + c * plane;
    const padding = (0 - config.mean[c]!) / config.std[c]!;
    tensor.fill(padding, planeStart, planeStart + plane);
    for (let y = 0; y < h; y++) {
      const d = planeStart + (y0 - top + y) * out.width + (x0 - left);
      const s = y * w * 3 + c;
      for (let x = 0; x < w; x++) tensor[d + x] = pixels.data[s + x * 3]! * scale - shift;
    }
  }
  return tensor;
}
