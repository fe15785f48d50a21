import type { ImageFormat } from '../../../src-shared/types/photo.js';

/**
 * Whether a file that failed to decode was cut short (an interrupted copy or download) rather than damaged inside.
 * Decoder messages say this unreliably ("libpng read error"), so where a format has an end marker or declares its own
 * length, the bytes decide. true: the file ends early; false: it is complete (or too garbled to tell), so the damage
 * is elsewhere; null: this format gives no such sign.
 */
export function endsEarly(bytes: Uint8Array, format: ImageFormat): boolean | null {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (format) {
    case 'jpeg':
      return jpegEndsEarly(buffer);
    case 'png':
      // Every PNG ends with an IEND chunk; data after it (rare) does not matter.
      return buffer.lastIndexOf('IEND', undefined, 'latin1') < 0;
    case 'gif':
      return buffer[buffer.length - 1] !== 0x3b;
    case 'webp':
      return buffer.length < 12 || buffer.readUInt32LE(4) + 8 > buffer.length;
    case 'avif':
    case 'heif':
      return isobmffEndsEarly(buffer);
    case 'tiff':
      return tiffEndsEarly(buffer);
    default:
      return null;
  }
}

const JPEG_EOI = Buffer.from([0xff, 0xd9]);
const JPEG_SOS = Buffer.from([0xff, 0xda]);

/**
 * A complete JPEG ends its last scan with an end-of-image marker. An EXIF thumbnail brings an earlier one of its own,
 * so only a marker after the last start-of-scan counts (entropy-coded data never contains FF D9: FF bytes are stuffed).
 */
function jpegEndsEarly(bytes: Buffer): boolean {
  const lastScan = bytes.lastIndexOf(JPEG_SOS);
  // No scan at all and no end marker: the file stops before its picture data begins.
  if (lastScan < 0) return bytes.lastIndexOf(JPEG_EOI) < 0;
  return bytes.lastIndexOf(JPEG_EOI) < lastScan;
}

/** Walks the top-level boxes: truncated when a well-formed box runs past the end; false when the boxes are garbage. */
function isobmffEndsEarly(bytes: Buffer): boolean {
  let at = 0;
  while (at + 8 <= bytes.length) {
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (!/^[\x20-\x7e]{4}$/.test(type)) return false;
    let size = bytes.readUInt32BE(at);
    if (size === 1) {
      if (at + 16 > bytes.length) return true;
      size = Number(bytes.readBigUInt64BE(at + 8));
    } else if (size === 0) {
      return false; // "extends to the end of the file": complete by definition
    }
    if (size < 8) return false;
    if (at + size > bytes.length) return true;
    at += size;
  }
  return at < bytes.length;
}

const TIFF_SHORT = 3;
const TIFF_LONG = 4;
/** Where a TIFF's image data lives: StripOffsets/StripByteCounts, or TileOffsets/TileByteCounts. */
const DATA_TAGS = [
  [273, 279],
  [324, 325],
] as const;

/**
 * Classic TIFF: truncated when the first directory or any strip or tile of the first image lies past the end (writers,
 * sharp included, often put the directory last, so a cut file loses it first). null for BigTIFF or odd layouts.
 */
function tiffEndsEarly(bytes: Buffer): boolean | null {
  if (bytes.length < 8) return true;
  const little = bytes[0] === 0x49;
  const u16 = (at: number): number => (little ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
  const u32 = (at: number): number => (little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd + 2 > bytes.length) return true;
  const count = u16(ifd);
  if (ifd + 2 + count * 12 > bytes.length) return true;
  const values = (tag: number): number[] | null => {
    for (let i = 0; i < count; i++) {
      const entry = ifd + 2 + i * 12;
      if (u16(entry) !== tag) continue;
      const type = u16(entry + 2);
      const n = u32(entry + 4);
      const width = type === TIFF_SHORT ? 2 : type === TIFF_LONG ? 4 : 0;
      if (width === 0) return null;
      const at = n * width <= 4 ? entry + 8 : u32(entry + 8);
      if (at + n * width > bytes.length) return null;
      return Array.from({ length: n }, (_, k) => (width === 2 ? u16(at + k * 2) : u32(at + k * 4)));
    }
    return null;
  };
  for (const [offsetsTag, countsTag] of DATA_TAGS) {
    const offsets = values(offsetsTag);
    const counts = values(countsTag);
    if (!offsets || !counts || offsets.length !== counts.length) continue;
    return offsets.some((offset, i) => offset + counts[i]! > bytes.length);
  }
  return null;
}
