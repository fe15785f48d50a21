import { createHash } from 'node:crypto';
import sharp from 'sharp';
import exifr from 'exifr';
import type { ImageFormat, PhotoProblem, PhotoStatus, ProblemCode } from '../../../src-shared/types/photo.js';
import { EMPTY_EXIF, EXIF_TAGS, normalizeExif, type ExifFields } from './exifFields.js';
import { readStable } from './readStable.js';
import { hasImageExtension, sniffFormat } from './sniff.js';

export type ScanFileOptions = Readonly<{
  thumbSize: number;
  /** Guard against decompression bombs: images declaring more pixels are not decoded. */
  maxPixels: number;
  maxFileBytes: number;
}>;

export type Thumbnail = Readonly<{ bytes: Uint8Array; mime: string; width: number; height: number }>;

export type ScannedPhoto = Readonly<{
  kind: 'photo';
  size: number;
  mtimeMs: number;
  contentHash: Uint8Array | null;
  format: ImageFormat | null;
  width: number | null;
  height: number | null;
  orientation: number | null;
  status: PhotoStatus;
  problem: PhotoProblem | null;
  exif: ExifFields;
  thumbnail: Thumbnail | null;
}>;

export type ScanFileResult =
  | ScannedPhoto
  /** Not an image. `remember` is set when the file's identity is known, so a rescan can skip it unopened. */
  | Readonly<{ kind: 'ignored'; remember: Readonly<{ size: number; mtimeMs: number }> | null }>
  /** Gone between the walk and the read. */
  | Readonly<{ kind: 'vanished' }>;

/** Formats this build's libvips decodes. HEIF is tried: AVIF-coded HEIF works, HEVC-coded HEIC may not. */
const DECODABLE = new Set<ImageFormat>(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif']);

type Base = Pick<ScannedPhoto, 'size' | 'mtimeMs' | 'contentHash' | 'format'>;

function record(base: Base, status: PhotoStatus, problem: PhotoProblem | null, rest: Partial<ScannedPhoto> = {}): ScannedPhoto {
  return { kind: 'photo', width: null, height: null, orientation: null, exif: EMPTY_EXIF, thumbnail: null, ...base, status, problem, ...rest };
}

function problem(code: ProblemCode, message: string): PhotoProblem {
  return { code, message };
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 300);
}

/**
 * Everything the scanner learns from one file, from one read: identity (size, mtime, sha-256), format from the bytes,
 * EXIF, dimensions and a thumbnail. Never throws for a bad file; every failure becomes a record with a reason.
 * Opens the file read-only: originals are never written.
 */
export async function scanFile(path: Uint8Array, name: string, options: ScanFileOptions): Promise<ScanFileResult> {
  const imageByName = hasImageExtension(name);
  let read;
  try {
    read = await readStable(Buffer.from(path.buffer, path.byteOffset, path.byteLength), options.maxFileBytes);
  } catch (error) {
    return openFailure(error, imageByName);
  }
  const stats = read.stats;
  const base: Base = { size: stats.size, mtimeMs: stats.mtimeMs, contentHash: null, format: null };
  const remember = { size: stats.size, mtimeMs: stats.mtimeMs };
  if (read.kind === 'not-a-file') return { kind: 'ignored', remember: null };
  if (read.kind === 'unstable') {
    return imageByName
      ? record(base, 'error', problem('unstable-file', 'the file kept changing while it was read (still being copied?)'))
      : { kind: 'ignored', remember: null };
  }
  if (stats.size === 0) {
    return imageByName ? record(base, 'error', problem('empty-file', 'the file is empty (0 bytes)')) : { kind: 'ignored', remember };
  }
  const head = read.kind === 'read' ? read.bytes : read.head;
  const format = sniffFormat(head);
  if (!format) {
    return imageByName
      ? record(base, 'error', problem('not-an-image', `the name says image but the contents are not a known image format`))
      : { kind: 'ignored', remember };
  }
  if (read.kind === 'too-large') {
    const mib = Math.round(stats.size / 2 ** 20);
    return record({ ...base, format }, 'error', problem('file-too-large', `${mib} MiB is over the ${Math.round(options.maxFileBytes / 2 ** 20)} MiB limit for one photo`));
  }
  const withHash: Base = { ...base, format, contentHash: createHash('sha256').update(read.bytes).digest() };
  if (!DECODABLE.has(format)) {
    return record(withHash, 'unsupported', problem('unsupported-format', `${format.toUpperCase()} images cannot be decoded by this build`));
  }
  return decode(read.bytes, withHash, options);
}

function openFailure(error: unknown, imageByName: boolean): ScanFileResult {
  const code = errnoOf(error);
  if (code === 'ENOENT') return { kind: 'vanished' };
  if (!imageByName || code === 'EISDIR' || code === 'ELOOP') return { kind: 'ignored', remember: null };
  const base: Base = { size: 0, mtimeMs: 0, contentHash: null, format: null };
  if (code === 'EACCES' || code === 'EPERM') {
    return record(base, 'error', problem('permission-denied', 'permission denied: the file cannot be read'));
  }
  return record(base, 'error', problem('io-error', `the file cannot be read: ${messageOf(error)}`));
}

function classifyDecodeError(error: unknown): { status: PhotoStatus; problem: PhotoProblem } {
  const message = messageOf(error);
  if (/unsupported image format|no decoding plugin|not a known file format|not in a known format|compression format has not been built/i.test(message)) {
    return { status: 'unsupported', problem: problem('unsupported-format', `this build cannot decode it: ${message}`) };
  }
  if (/pixel limit/i.test(message)) return { status: 'error', problem: problem('pixel-limit', message) };
  if (/premature end|truncated|unexpected end|end of (file|stream|data)|not enough data|short read|EOF/i.test(message)) {
    return { status: 'error', problem: problem('truncated', `the image data is cut short: ${message}`) };
  }
  return { status: 'error', problem: problem('corrupt', `the image data is damaged: ${message}`) };
}

async function readExif(bytes: Buffer, format: ImageFormat): Promise<{ fields: ExifFields; problem: PhotoProblem | null }> {
  if (format === 'gif') return { fields: EMPTY_EXIF, problem: null };
  try {
    const raw: unknown = await exifr.parse(bytes, {
      pick: [...EXIF_TAGS],
      reviveValues: false,
      translateValues: false,
      mergeOutput: true,
      silentErrors: false,
    });
    return { fields: raw && typeof raw === 'object' ? normalizeExif(raw as Record<string, unknown>) : EMPTY_EXIF, problem: null };
  } catch (error) {
    const message = messageOf(error);
    // exifr says this for formats or files that simply carry no metadata it can read: not a problem.
    if (/unknown file format|invalid input argument/i.test(message)) return { fields: EMPTY_EXIF, problem: null };
    return { fields: EMPTY_EXIF, problem: problem('exif-unreadable', `the EXIF metadata is unreadable: ${message}`) };
  }
}

function thumbnail(bytes: Buffer, options: ScanFileOptions, failOn: 'warning' | 'none'): Promise<{ data: Buffer; info: sharp.OutputInfo }> {
  return sharp(bytes, { limitInputPixels: options.maxPixels, failOn })
    .rotate()
    .resize(options.thumbSize, options.thumbSize, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 76, effort: 2 })
    .toBuffer({ resolveWithObject: true });
}

async function decode(bytes: Buffer, base: Base, options: ScanFileOptions): Promise<ScannedPhoto> {
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: 'none' }).metadata();
  } catch (error) {
    const failure = classifyDecodeError(error);
    return record(base, failure.status, failure.problem);
  }
  const { width, height } = metadata;
  if (!width || !height) return record(base, 'error', problem('corrupt', 'the image declares no size'));
  const orientation = metadata.orientation ?? null;
  const rotated = orientation !== null && orientation >= 5;
  const dims = { width: rotated ? height : width, height: rotated ? width : height, orientation };
  if (width * height > options.maxPixels) {
    const megapixels = ((width * height) / 1e6).toFixed(0);
    return record(base, 'error', problem('pixel-limit', `declares ${width}×${height} (${megapixels} MP), over the ${(options.maxPixels / 1e6).toFixed(0)} MP safety limit; not decoded`), dims);
  }
  const exif = await readExif(bytes, base.format!);
  try {
    const { data, info } = await thumbnail(bytes, options, 'warning');
    return record(base, 'ok', exif.problem, { ...dims, exif: exif.fields, thumbnail: thumb(data, info) });
  } catch (strictError) {
    const failure = classifyDecodeError(strictError);
    if (failure.status === 'unsupported') return record(base, 'unsupported', failure.problem, { ...dims, exif: exif.fields });
    try {
      // Lenient decode: a truncated JPEG usually still shows most of the picture, which is worth keeping.
      const { data, info } = await thumbnail(bytes, options, 'none');
      return record(base, 'damaged', failure.problem, { ...dims, exif: exif.fields, thumbnail: thumb(data, info) });
    } catch {
      return record(base, 'error', failure.problem, { ...dims, exif: exif.fields });
    }
  }
}

function thumb(data: Buffer, info: sharp.OutputInfo): Thumbnail {
  return { bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), mime: 'image/webp', width: info.width, height: info.height };
}
