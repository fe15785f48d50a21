import { affineScale, type Affine, type Box, type Point } from './geometry.js';

/** Decoded pixels as sharp's `.raw()` gives them for a 3-channel image: RGB interleaved, row-major, 3 bytes a pixel. */
export type RgbImage = { data: Uint8Array; width: number; height: number };

/** Per-channel affine normalisation applied to 0..255 pixel values: `(v − mean[c]) / std[c]`. */
export type Normalization = { mean: readonly [number, number, number]; std: readonly [number, number, number] };

/** BlazeFace (Human's blazeface.ts): v/127.5 − 1. */
export const BLAZEFACE_NORMALIZATION: Normalization = { mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] };

/** Pixels as they are (0..255): for models that normalise inside their graph, like Facets' face-api conversions. */
export const RAW_PIXELS: Normalization = { mean: [0, 0, 0], std: [1, 1, 1] };

export type InputTransform = { scaleX: number; scaleY: number; offsetX: number; offsetY: number };

export type TensorTarget = {
  /** Write into this buffer (e.g. one slot of a batch) instead of allocating. */
  into?: Float32Array;
  /** Element offset in `into`. */
  offset?: number;
  /** Pixel value (0..255, before normalisation) for samples outside the image. Default 0 (black, as TF's pad). */
  fill?: number;
};

/** The transform that `cropResizeToTensor(image, region, outWidth, outHeight)` applies. */
export function regionTransform(region: Box, outWidth: number, outHeight: number): InputTransform {
  const scaleX = outWidth / region.width;
  const scaleY = outHeight / region.height;
  return { scaleX, scaleY, offsetX: -region.x * scaleX, offsetY: -region.y * scaleY };
}

/** Maps a box from model-input coordinates back to the image. */
export function boxToImage(box: Box, t: InputTransform): Box {
  return {
    x: (box.x - t.offsetX) / t.scaleX,
    y: (box.y - t.offsetY) / t.scaleY,
    width: box.width / t.scaleX,
    height: box.height / t.scaleY,
  };
}

export function pointToImage(p: Point, t: InputTransform): Point {
  return { x: (p.x - t.offsetX) / t.scaleX, y: (p.y - t.offsetY) / t.scaleY };
}

/**
 * Resampling taps along one axis: for each output index, source indices and weights. A triangle (bilinear) kernel
 * whose radius grows with the downscale factor, so shrinking averages every source pixel instead of skipping most
 * (point-sampled bilinear at 1920→256 aliases badly). At upscale it is plain half-pixel-centred bilinear.
 */
type Taps = { start: Int32Array; count: Int32Array; index: Int32Array; weight: Float32Array; inside: Uint8Array };

function axisTaps(origin: number, extent: number, outSize: number, srcSize: number): Taps {
  const step = extent / outSize;
  const radius = Math.max(1, step);
  const maxTaps = Math.ceil(2 * radius) + 1;
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  const index = new Int32Array(outSize * maxTaps);
  const weight = new Float32Array(outSize * maxTaps);
  const inside = new Uint8Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const centre = origin + (o + 0.5) * step;
    start[o] = o * maxTaps;
    if (!(centre >= 0 && centre < srcSize)) continue;
    inside[o] = 1;
    const first = Math.ceil(centre - 0.5 - radius);
    const last = Math.floor(centre - 0.5 + radius);
    let n = 0;
    let sum = 0;
    for (let i = first; i <= last; i++) {
      const w = 1 - Math.abs(i + 0.5 - centre) / radius;
      if (w <= 0) continue;
      index[o * maxTaps + n] = Math.min(srcSize - 1, Math.max(0, i));
      weight[o * maxTaps + n] = w;
      sum += w;
      n++;
    }
    for (let k = 0; k < n; k++) weight[o * maxTaps + k]! /= sum;
    count[o] = n;
  }
  return { start, count, index, weight, inside };
}

/**
 * Crops `region` (image coordinates, may extend past the image) and resizes it to outWidth×outHeight, writing a
 * normalised NHWC float tensor (1×H×W×3). Samples whose centre falls outside the image get `fill`.
 */
export function cropResizeToTensor(
  image: RgbImage,
  region: Box,
  outWidth: number,
  outHeight: number,
  norm: Normalization,
  target: TensorTarget = {},
): Float32Array {
  const { width, height, data } = image;
  const out = target.into ?? new Float32Array(outWidth * outHeight * 3);
  const base = target.offset ?? 0;
  if (out.length < base + outWidth * outHeight * 3) throw new RangeError('tensor target too small');
  const fill = target.fill ?? 0;
  const xs = axisTaps(region.x, region.width, outWidth, width);
  const ys = axisTaps(region.y, region.height, outHeight, height);

  // Vertical pass first, as whole-row multiply-adds over only the source columns the horizontal taps read: it
  // streams through the bytes, and leaves the gathering horizontal pass only outHeight rows.
  let colMin = width;
  let colMax = -1;
  for (let k = 0; k < xs.index.length; k++) {
    if (xs.weight[k] === 0) continue;
    colMin = Math.min(colMin, xs.index[k]!);
    colMax = Math.max(colMax, xs.index[k]!);
  }
  const span = Math.max(0, colMax - colMin + 1) * 3;
  const tmp = new Float32Array(outHeight * span);
  for (let oy = 0; oy < outHeight; oy++) {
    if (!ys.inside[oy]) continue;
    const t = oy * span;
    const end = ys.start[oy]! + ys.count[oy]!;
    for (let k = ys.start[oy]!; k < end; k++) {
      const w = ys.weight[k]!;
      const from = (ys.index[k]! * width + colMin) * 3;
      for (let i = 0; i < span; i++) tmp[t + i]! += data[from + i]! * w;
    }
  }

  const [m0, m1, m2] = norm.mean;
  const i0 = 1 / norm.std[0];
  const i1 = 1 / norm.std[1];
  const i2 = 1 / norm.std[2];
  const { start: xStart, count: xCount, index: xIndex, weight: xWeight, inside: xInside } = xs;
  for (let oy = 0; oy < outHeight; oy++) {
    const row = oy * span - colMin * 3;
    let d = base + oy * outWidth * 3;
    for (let ox = 0; ox < outWidth; ox++, d += 3) {
      let cr = fill;
      let cg = fill;
      let cb = fill;
      if (ys.inside[oy] && xInside[ox]) {
        cr = 0;
        cg = 0;
        cb = 0;
        const end = xStart[ox]! + xCount[ox]!;
        for (let k = xStart[ox]!; k < end; k++) {
          const src = row + xIndex[k]! * 3;
          const w = xWeight[k]!;
          cr += tmp[src]! * w;
          cg += tmp[src + 1]! * w;
          cb += tmp[src + 2]! * w;
        }
      }
      out[d] = (cr - m0) * i0;
      out[d + 1] = (cg - m1) * i1;
      out[d + 2] = (cb - m2) * i2;
    }
  }
  return out;
}

/** The square region, centred on the image, that letterboxes it (the short side is padded on both sides). */
export function letterboxRegion(width: number, height: number): Box {
  const side = Math.max(width, height);
  return { x: (width - side) / 2, y: (height - side) / 2, width: side, height: side };
}

/**
 * The whole image, letterboxed into a size×size tensor (padding = `fill`, black by default as in Human's blazeface
 * square mode). `transform` maps image coordinates into the tensor; use boxToImage/pointToImage to map results back.
 */
export function letterboxToTensor(
  image: RgbImage,
  size: number,
  norm: Normalization,
  target: TensorTarget = {},
): { tensor: Float32Array; transform: InputTransform } {
  const region = letterboxRegion(image.width, image.height);
  return {
    tensor: cropResizeToTensor(image, region, size, size, norm, target),
    transform: regionTransform(region, size, size),
  };
}

/** A whole RGB image as a normalised NHWC float tensor (e.g. a 150×150 face chip for the descriptor net). */
export function imageToTensor(image: RgbImage, norm: Normalization, target: TensorTarget = {}): Float32Array {
  const n = image.width * image.height;
  const out = target.into ?? new Float32Array(n * 3);
  const base = target.offset ?? 0;
  if (out.length < base + n * 3) throw new RangeError('tensor target too small');
  for (let c = 0; c < 3; c++) {
    const mean = norm.mean[c]!;
    const inv = 1 / norm.std[c]!;
    for (let i = 0; i < n; i++) out[base + i * 3 + c] = (image.data[i * 3 + c]! - mean) * inv;
  }
  return out;
}

/**
 * Bilinear warp: output pixel (i, j) takes the image colour at `outToImage` applied to its centre (i+0.5, j+0.5).
 * Points outside the image get `fill` (0 = black), as dlib's transform_image does with its default black background;
 * dlib also blackens the last half-pixel ring inside the border, here that ring is edge-replicated instead.
 * No anti-aliasing: for shrinking by more than 2× use `extractChip`.
 */
export function warpAffine(
  image: RgbImage,
  outToImage: Affine,
  outWidth: number,
  outHeight: number,
  fill = 0,
): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(outWidth * outHeight * 3);
  const [a, b, c, d, e, f] = outToImage;
  for (let j = 0; j < outHeight; j++) {
    for (let i = 0; i < outWidth; i++) {
      const cx = i + 0.5;
      const cy = j + 0.5;
      const px = a * cx + b * cy + c;
      const py = d * cx + e * cy + f;
      const o = (j * outWidth + i) * 3;
      if (!(px >= 0 && px < width && py >= 0 && py < height)) {
        out[o] = fill;
        out[o + 1] = fill;
        out[o + 2] = fill;
        continue;
      }
      // Source index space: pixel k's centre sits at k.
      const u = px - 0.5;
      const v = py - 0.5;
      const x0 = Math.floor(u);
      const y0 = Math.floor(v);
      const fx = u - x0;
      const fy = v - y0;
      const xa = Math.max(0, x0);
      const xb = Math.min(width - 1, x0 + 1);
      const ya = Math.max(0, y0);
      const yb = Math.min(height - 1, y0 + 1);
      const tl = (ya * width + xa) * 3;
      const tr = (ya * width + xb) * 3;
      const bl = (yb * width + xa) * 3;
      const br = (yb * width + xb) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[tl + ch]! + (data[tr + ch]! - data[tl + ch]!) * fx;
        const bottom = data[bl + ch]! + (data[br + ch]! - data[bl + ch]!) * fx;
        out[o + ch] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}

/** The image mirrored left to right. */
export function mirrorImage(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    for (let x = 0; x < width; x++) out.set(data.subarray(row + x * 3, row + x * 3 + 3), row + (width - 1 - x) * 3);
  }
  return { data: out, width, height };
}

/**
 * Halves an image with a [1 3 3 1]/8 binomial filter per axis (edge-replicated). Output pixel k covers input pixels
 * 2k and 2k+1, so in the continuous convention the map is exactly p ↦ p/2.
 */
export function downsample2(image: RgbImage): RgbImage {
  const { width, height, data } = image;
  const ow = Math.ceil(width / 2);
  const oh = Math.ceil(height / 2);
  const clamp = (v: number, size: number) => (v < 0 ? 0 : v >= size ? size - 1 : v);
  // Byte offsets of the four taps of each output column / row, edges replicated.
  const cols = new Int32Array(ow * 4);
  for (let k = 0; k < ow; k++) for (let j = 0; j < 4; j++) cols[k * 4 + j] = clamp(2 * k - 1 + j, width) * 3;
  const rowLength = ow * 3;
  const tmp = new Uint16Array(height * rowLength); // ≤ 8·255
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    let t = y * rowLength;
    for (let k = 0; k < ow; k++, t += 3) {
      const a = row + cols[k * 4]!;
      const b = row + cols[k * 4 + 1]!;
      const c = row + cols[k * 4 + 2]!;
      const d = row + cols[k * 4 + 3]!;
      tmp[t] = data[a]! + 3 * (data[b]! + data[c]!) + data[d]!;
      tmp[t + 1] = data[a + 1]! + 3 * (data[b + 1]! + data[c + 1]!) + data[d + 1]!;
      tmp[t + 2] = data[a + 2]! + 3 * (data[b + 2]! + data[c + 2]!) + data[d + 2]!;
    }
  }
  const out = new Uint8Array(oh * rowLength);
  for (let k = 0; k < oh; k++) {
    const r0 = clamp(2 * k - 1, height) * rowLength;
    const r1 = clamp(2 * k, height) * rowLength;
    const r2 = clamp(2 * k + 1, height) * rowLength;
    const r3 = clamp(2 * k + 2, height) * rowLength;
    const o = k * rowLength;
    for (let i = 0; i < rowLength; i++) {
      out[o + i] = (tmp[r0 + i]! + 3 * (tmp[r1 + i]! + tmp[r2 + i]!) + tmp[r3 + i]! + 32) >> 6;
    }
  }
  return { data: out, width: ow, height: oh };
}

/** Copies the integer-aligned sub-rectangle [x0, x1) × [y0, y1) (already clipped to the image). */
function cropPixels(image: RgbImage, x0: number, y0: number, x1: number, y1: number): RgbImage {
  const w = x1 - x0;
  const h = y1 - y0;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    const s = ((y0 + y) * image.width + x0) * 3;
    out.set(image.data.subarray(s, s + w * 3), y * w * 3);
  }
  return { data: out, width: w, height: h };
}

/**
 * `warpAffine` that first halves the image (only the part under the chip) until one chip pixel spans at most two
 * image pixels, as dlib's extract_image_chips does with its pyramid_down<2>: a 150-px chip of a 600-px face is then
 * sampled from a filtered 300-px image instead of skipping three pixels in four.
 */
export function extractChip(image: RgbImage, chipToImage: Affine, outWidth: number, outHeight: number): RgbImage {
  let halvings = 0;
  while (affineScale(chipToImage) / 2 ** halvings > 2) halvings++;
  if (halvings === 0) return warpAffine(image, chipToImage, outWidth, outHeight);

  const [a, b, c, d, e, f] = chipToImage;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [u, v] of [
    [0, 0],
    [outWidth, 0],
    [0, outHeight],
    [outWidth, outHeight],
  ] as const) {
    xs.push(a * u + b * v + c);
    ys.push(d * u + e * v + f);
  }
  // Margin: the filters at each level reach a couple of pixels beyond the footprint.
  const margin = 2 ** (halvings + 1) + 2;
  const x0 = Math.max(0, Math.floor(Math.min(...xs) - margin));
  const y0 = Math.max(0, Math.floor(Math.min(...ys) - margin));
  const x1 = Math.min(image.width, Math.ceil(Math.max(...xs) + margin));
  const y1 = Math.min(image.height, Math.ceil(Math.max(...ys) + margin));
  if (x1 <= x0 || y1 <= y0) return warpAffine(image, chipToImage, outWidth, outHeight);

  let level = cropPixels(image, x0, y0, x1, y1);
  let done = 0;
  for (; done < halvings && level.width > 1 && level.height > 1; done++) level = downsample2(level);
  const k = 1 / 2 ** done;
  const toLevel: Affine = [a * k, b * k, (c - x0) * k, d * k, e * k, (f - y0) * k];
  return warpAffine(level, toLevel, outWidth, outHeight);
}

/** Rec.601 luma of every pixel, 0..255. */
export function toGray(image: RgbImage): Float32Array {
  const n = image.width * image.height;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = 0.299 * image.data[i * 3]! + 0.587 * image.data[i * 3 + 1]! + 0.114 * image.data[i * 3 + 2]!;
  }
  return out;
}

/** Interleaved RGB samples, 0..255: decoded bytes (RgbImage) or a float resample of them (cropResizeToTensor). */
export type InterleavedRgb = { data: ArrayLike<number>; width: number; height: number };

export type PlanesTarget = {
  /** Write into this buffer (e.g. one slot of a batch) instead of allocating. */
  into?: Float32Array;
  /** Element offset in `into`. */
  offset?: number;
  /** Width of each plane row, ≥ the image's: the rest of a row is left as it is (0 in a fresh buffer). */
  planeWidth?: number;
  /** 'bgr' writes the blue plane first, for models trained on OpenCV's channel order (PaddleOCR). */
  order?: 'rgb' | 'bgr';
};

/**
 * An interleaved image as normalised float planes (NCHW, one image), `norm` given in RGB order whatever `order` the
 * planes are written in. Rows may sit in wider planes (`planeWidth`): a batch of text lines right-padded to its
 * widest one.
 */
export function imageToPlanes(image: InterleavedRgb, norm: Normalization, target: PlanesTarget = {}): Float32Array {
  const { width, height, data } = image;
  const planeWidth = target.planeWidth ?? width;
  if (planeWidth < width) throw new RangeError('plane narrower than the image');
  const plane = planeWidth * height;
  const out = target.into ?? new Float32Array(plane * 3);
  const base = target.offset ?? 0;
  if (out.length < base + plane * 3) throw new RangeError('tensor target too small');
  for (let c = 0; c < 3; c++) {
    const mean = norm.mean[c]!;
    const inv = 1 / norm.std[c]!;
    const planeStart = base + (target.order === 'bgr' ? 2 - c : c) * plane;
    for (let y = 0; y < height; y++) {
      const row = planeStart + y * planeWidth;
      for (let x = 0, from = y * width * 3 + c; x < width; x++, from += 3) out[row + x] = (data[from]! - mean) * inv;
    }
  }
  return out;
}
