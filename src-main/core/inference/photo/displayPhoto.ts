import sharp from 'sharp';
import { decodeFailure } from './decodePhoto.js';
import { readPhotoBytes, type Failure } from './readPhoto.js';

/** Long side of a photo rendered for the viewer: sharp on a 4K screen, and a 50 MP original costs no more to send. */
export const DISPLAY_SIDE = 2560;

export type DisplayImage = Readonly<{ mime: 'image/jpeg'; bytes: Uint8Array; width: number; height: number }>;

/** Why a photo has nothing to show: its file could not be read (gone, unreadable) or not decoded. */
export type DisplayFailure = Failure & Readonly<{ stage: 'read' | 'decode' }>;

/**
 * A photo as a browser can show it, whatever the original (HEIC, TIFF, 16-bit, CMYK): EXIF rotation applied, sRGB,
 * JPEG, long side at most `side`. Alpha is flattened onto white, as a viewer would show a transparent PNG. The original
 * is only read. Never throws: a file that is gone or cannot be decoded comes back as a failure.
 */
export async function renderForDisplay(
  path: Uint8Array,
  maxPixels: number,
  side = DISPLAY_SIDE,
): Promise<DisplayImage | DisplayFailure> {
  const bytes = await readPhotoBytes(path);
  if (!Buffer.isBuffer(bytes)) return { ...bytes, stage: 'read' };
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'none' })
      .rotate()
      .resize(side, side, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return {
      mime: 'image/jpeg',
      bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
    };
  } catch (error) {
    return { ...decodeFailure(error), stage: 'decode' };
  }
}
