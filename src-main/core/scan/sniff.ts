import type { ImageFormat } from '../../../src-shared/types/photo.js';

/** Bytes enough to recognise every format below. */
export const SNIFF_BYTES = 64;

const ISOBMFF_AVIF = new Set(['avif', 'avis']);
const ISOBMFF_HEIF = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((b, i) => bytes[at + i] === b);
}

/** Recognises an image format from a file's first bytes; null when the bytes are not an image we know. */
export function sniffFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 4) === 'WEBP') return 'webp';
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (ascii(head, 4, 4) === 'ftyp') return isobmffImage(head);
  if (startsWith(head, [0xff, 0x0a])) return 'jxl';
  if (startsWith(head, [0x00, 0x00, 0x00, 0x0c, 0x4a, 0x58, 0x4c, 0x20, 0x0d, 0x0a, 0x87, 0x0a])) return 'jxl';
  if (ascii(head, 0, 4) === '8BPS') return 'psd';
  if (ascii(head, 0, 2) === 'BM' && head.length >= 26 && bmpHeaderLooksValid(head)) return 'bmp';
  return null;
}

const SIGNATURES: readonly (readonly [ImageFormat, readonly number[]])[] = [
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['gif', [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]],
  ['gif', [0x47, 0x49, 0x46, 0x38, 0x37, 0x61]],
  ['tiff', [0x49, 0x49, 0x2a, 0x00]],
  ['tiff', [0x4d, 0x4d, 0x00, 0x2a]],
  ['psd', [0x38, 0x42, 0x50, 0x53]],
];

/**
 * For a file too short to hold a whole signature: the format whose signature it starts (e.g. a lone JPEG SOI marker,
 * FF D8), so the scanner can say "cut short" rather than "not an image". Needs two bytes; one says too little.
 */
export function truncatedSignature(whole: Uint8Array): ImageFormat | null {
  if (whole.length < 2) return null;
  const match = SIGNATURES.find(
    ([, signature]) => whole.length < signature.length && startsWith(whole, signature.slice(0, whole.length)),
  );
  return match ? match[0] : null;
}

/** ISO-BMFF (`ftyp`) holds video too: only still-image brands count, checked in the major then compatible brands. */
function isobmffImage(head: Uint8Array): ImageFormat | null {
  const boxSize = (head[0]! << 24) | (head[1]! << 16) | (head[2]! << 8) | head[3]!;
  const brands = [ascii(head, 8, 4)];
  for (let at = 16; at + 4 <= Math.min(boxSize, head.length); at += 4) brands.push(ascii(head, at, 4));
  if (brands.some((b) => ISOBMFF_AVIF.has(b))) return 'avif';
  if (brands.some((b) => ISOBMFF_HEIF.has(b))) return 'heif';
  return null;
}

/** "BM" alone is too common a prefix; a BMP also declares a known DIB header size. */
function bmpHeaderLooksValid(head: Uint8Array): boolean {
  const dibSize = head[14]! | (head[15]! << 8) | (head[16]! << 16) | (head[17]! << 24);
  return [12, 40, 52, 56, 64, 108, 124].includes(dibSize);
}

const IMAGE_EXTENSIONS = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'jfif',
  'png',
  'apng',
  'gif',
  'webp',
  'tif',
  'tiff',
  'avif',
  'heic',
  'heif',
  'hif',
  'bmp',
  'dib',
  'jxl',
  'psd',
  'dng',
  'cr2',
  'nef',
  'arw',
  'orf',
  'rw2',
]);

/** A file whose name says "image" is recorded even when it cannot be read, so the user learns why. */
export function hasImageExtension(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot >= 0 && IMAGE_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}
