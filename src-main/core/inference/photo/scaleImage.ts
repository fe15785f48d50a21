import sharp from 'sharp';
import type { RgbImage } from '../preprocess/image.js';

/** A decoded photo scaled (up or down, by sharp: antialiased and native) to `side` px on its long side. */
export async function scaleToLongSide(image: RgbImage, side: number): Promise<RgbImage> {
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(side, side, { fit: 'inside' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}
