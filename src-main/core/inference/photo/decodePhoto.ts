/*
 * The one decode of a photo for analysis (faces, scenes, text): its own module so that the scene code, which the
 * face analysis calls, can decode without importing the face analysis.
 */
import sharp from 'sharp';
import type { RgbImage } from '../preprocess/image.js';

/** Faces are looked for at this long side: 24-px faces stay findable, and a 50 MP photo costs what a 2 MP one does. */
export const ANALYSIS_SIDE = 1920;

/** The photo as displayed (EXIF rotation applied), RGB, long side at most ANALYSIS_SIDE: the one decode. */
export async function decodeForAnalysis(input: Buffer, maxPixels: number, side = ANALYSIS_SIDE): Promise<RgbImage> {
  const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'none' })
    .rotate()
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** Why sharp could not decode a photo, in words for the photo's record (its first line: libvips adds detail below). */
export function decodeFailure(error: unknown): { kind: 'failed'; reason: string } {
  return {
    kind: 'failed',
    reason: `the photo could not be decoded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
  };
}

/** `decodeForAnalysis`, or why the bytes are not a photo it can decode (for stages that never throw on bad input). */
export async function decodeOrReason(
  bytes: Buffer,
  maxPixels: number,
  decode: (bytes: Buffer, maxPixels: number) => Promise<RgbImage> = decodeForAnalysis,
): Promise<{ image: RgbImage } | { kind: 'failed'; reason: string }> {
  try {
    return { image: await decode(bytes, maxPixels) };
  } catch (error) {
    return decodeFailure(error);
  }
}
