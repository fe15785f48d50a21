import sharp from 'sharp';
import type { InstalledPack } from '../../clip/packStore.js';
import type { RgbImage } from '../preprocess/image.js';
import { decodeOrReason } from '../faces/analyzePhoto.js';
import { withPhotoBytes, type Failure } from '../photo/readPhoto.js';
import { cachedClipEncoders } from './clipEncoders.js';

/*
 * Twice CLIP's 224-px input on the short side: the pack's own resize (Pillow-exact bicubic) then works on a small
 * image (~6 ms instead of ~106 ms from a 1920-px decode) while still downscaling by 2, as it does from a camera file.
 */
const CLIP_DECODE_SHORT_SIDE = 448;

export type ClipPhotoOutcome = Readonly<{ kind: 'embedded'; vector: Float32Array }> | Failure;

async function decodeForClip(bytes: Buffer, maxPixels: number): Promise<RgbImage> {
  const { data, info } = await sharp(bytes, { limitInputPixels: maxPixels, failOn: 'none' })
    .rotate()
    .resize(CLIP_DECODE_SHORT_SIDE, CLIP_DECODE_SHORT_SIDE, { fit: 'outside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** The photo's unit-length CLIP vector in `pack`'s space. Never throws for a bad photo: it says why. */
export function embedPhotoWithClip(
  path: Uint8Array,
  pack: InstalledPack,
  options: Readonly<{ threads: number; maxPixels: number }>,
): Promise<ClipPhotoOutcome> {
  return withPhotoBytes(path, async (bytes) => {
    const decoded = await decodeOrReason(bytes, options.maxPixels, decodeForClip);
    if (!('image' in decoded)) return decoded;
    const encoders = await cachedClipEncoders(pack, { threads: options.threads });
    return { kind: 'embedded', vector: await encoders.embedImage(decoded.image) };
  });
}

/** The query's unit-length CLIP vector in `pack`'s space. */
export async function embedTextWithClip(text: string, pack: InstalledPack, threads: number): Promise<Float32Array> {
  return (await cachedClipEncoders(pack, { threads })).embedText(text);
}
