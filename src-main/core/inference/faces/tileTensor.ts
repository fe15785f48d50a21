import sharp from 'sharp';
import { BLAZEFACE_INPUT_SIZE } from '../preprocess/blazeface.js';
import { BLAZEFACE_NORMALIZATION, type RgbImage } from '../preprocess/image.js';
import type { Tile } from '../preprocess/tiles.js';

/**
 * Every tile as one NHWC batch [tiles.length, 256, 256, 3] in BlazeFace's range (x / 127.5 − 1). Each level of the
 * pyramid is resampled once by libvips (native, antialiased) and its tiles are copied out of it; outside the image is
 * black. Tile origins land on the level's pixel grid to within half a model-input pixel.
 */
export async function tilesToTensor(
  image: RgbImage,
  tiles: readonly Tile[],
  inputSize = BLAZEFACE_INPUT_SIZE,
): Promise<Float32Array> {
  const rowValues = inputSize * 3;
  const perTile = inputSize * rowValues;
  const { mean, std } = BLAZEFACE_NORMALIZATION;
  const black = -mean[0] / std[0];
  const out = new Float32Array(tiles.length * perTile).fill(black);
  const sizes = [...new Set(tiles.map((t) => t.size))];
  const source = sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } });
  for (const size of sizes) {
    const width = Math.max(1, Math.round((image.width * inputSize) / size));
    const height = Math.max(1, Math.round((image.height * inputSize) / size));
    const level = await source.clone().resize(width, height, { fit: 'fill' }).raw().toBuffer();
    tiles.forEach((tile, t) => {
      if (tile.size !== size) return;
      const left = Math.round((tile.x * width) / image.width);
      const top = Math.round((tile.y * height) / image.height);
      const x0 = Math.max(0, -left);
      const x1 = Math.min(inputSize, width - left);
      for (let r = Math.max(0, -top); r < Math.min(inputSize, height - top); r++) {
        const from = ((top + r) * width + left + x0) * 3;
        const to = t * perTile + r * rowValues + x0 * 3;
        for (let k = 0; k < (x1 - x0) * 3; k++) out[to + k] = (level[from + k]! - mean[k % 3]!) / std[k % 3]!;
      }
    });
  }
  return out;
}
