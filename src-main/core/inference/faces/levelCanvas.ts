import sharp from 'sharp';
import { BLAZEFACE_NORMALIZATION, type RgbImage } from '../preprocess/image.js';
import type { PyramidLevel } from '../preprocess/pyramid.js';

/** BlazeFace's input value for each 0..255 byte (its normalisation is the same on every channel). */
const VALUES = Float32Array.from({ length: 256 }, (_, v) => {
  const { mean, std } = BLAZEFACE_NORMALIZATION;
  return (v - mean[0]) / std[0];
});

async function resampled(source: RgbImage, width: number, height: number): Promise<RgbImage> {
  const data = await sharp(source.data, { raw: { width: source.width, height: source.height, channels: 3 } })
    .resize(width, height, { fit: 'fill' })
    .raw()
    .toBuffer();
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width, height };
}

/**
 * A buffer kept for the next photo: a level-0 canvas is up to ~20 MB, and allocating (and zeroing) one per photo
 * cost more than converting its pixels. Taken by one detection at a time; a concurrent one allocates its own.
 */
let spare: Float32Array | undefined;

/**
 * The pyramid's levels as the detector's inputs, in order: each level resampled by libvips (native, antialiased)
 * from the previous, smaller-than-the-image level or else from the image, at the top-left of its canvas, the rest
 * black, in BlazeFace's range (x / 127.5 − 1), float32 RGB planes (NCHW, as the model takes them). Each yielded
 * array is overwritten by the next one.
 */
export async function* levelCanvases(
  image: RgbImage,
  levels: readonly PyramidLevel[],
): AsyncGenerator<{ level: PyramidLevel; input: Float32Array }> {
  const size = Math.max(...levels.map((l) => l.canvas.width * l.canvas.height * 3));
  const buffer = spare && spare.length >= size ? spare : new Float32Array(size);
  spare = undefined;
  try {
    let source = image;
    for (const level of levels) {
      const pixels = await resampled(source, level.width, level.height);
      // A downscaled level is a fine source for the next (coarser) one, and a much cheaper one than the image.
      if (pixels.width <= image.width && pixels.height <= image.height) source = pixels;
      const { canvas } = level;
      const plane = canvas.width * canvas.height;
      const input = buffer.subarray(0, plane * 3);
      for (let c = 0; c < 3; c++) {
        const out = input.subarray(c * plane, (c + 1) * plane);
        for (let y = 0; y < level.height; y++) {
          const to = y * canvas.width;
          for (let x = 0, from = y * level.width * 3 + c; x < level.width; x++, from += 3) {
            out[to + x] = VALUES[pixels.data[from]!]!;
          }
          out.fill(VALUES[0]!, to + level.width, to + canvas.width);
        }
        out.fill(VALUES[0]!, level.height * canvas.width);
      }
      yield { level, input };
    }
  } finally {
    spare = buffer;
  }
}
