import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import sharp, { type Metadata, type OutputInfo } from 'sharp';
import exifr from 'exifr';
import type { ImageFormat, PhotoProblem, PhotoStatus, ProblemCode } from '../../../src-shared/types/photo.js';
import { EMPTY_EXIF, EXIF_TAGS, normalizeExif, type ExifFields } from './exifFields.js';
import { readStable, type ReadHooks } from './readStable.js';
import { hasImageExtension, sniffFormat, truncatedSignature } from './sniff.js';
import { endsEarly } from './truncation.js';

/*
 * The scanner's per-file work (runs in a worker thread): identify, hash, read EXIF, thumbnail. Reads originals only,
 * never writes them, and never throws for a bad file. No database, no Electron.
 */

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

/** Formats this build's libvips decodes. HEIF is tried: AV1-coded HEIF works, HEVC-coded HEIC needs a decoder we lack. */
const DECODABLE = new Set<ImageFormat>(['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif']);

const FORMAT_NAMES: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  gif: 'GIF',
  tiff: 'TIFF',
  avif: 'AVIF',
  heif: 'HEIF/HEIC',
  bmp: 'BMP',
  jxl: 'JPEG XL',
  psd: 'Photoshop (PSD)',
};

type Base = Pick<ScannedPhoto, 'size' | 'mtimeMs' | 'contentHash' | 'format'>;

/** What `decodeImage` works from: the file's bytes and what the scan already knows about it. */
export type DecodeRequest = Readonly<{ bytes: Buffer; base: Base; format: ImageFormat; options: ScanFileOptions }>;

/** A second reading of a failed decode, free of other threads' words (see decodeDoctor.ts); null when it has none. */
export type SecondOpinion = Readonly<{ decode(request: DecodeRequest): Promise<ScannedPhoto | null> }>;

export type ScanFileContext = Readonly<{
  doctor?: SecondOpinion;
  /** For tests only. */
  hooks?: ReadHooks;
}>;

function record(
  base: Base,
  status: PhotoStatus,
  problem: PhotoProblem | null,
  rest: Partial<ScannedPhoto> = {},
): ScannedPhoto {
  return {
    kind: 'photo',
    width: null,
    height: null,
    orientation: null,
    exif: EMPTY_EXIF,
    thumbnail: null,
    ...base,
    status,
    problem,
    ...rest,
  };
}

function problem(code: ProblemCode, message: string): PhotoProblem {
  return { code, message };
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const MIB = 2 ** 20;

/**
 * Everything the scanner learns from one file, from one read: identity (size, mtime, sha-256), format from the bytes,
 * EXIF, dimensions and a thumbnail. Never throws for a bad file; every failure becomes a record with a reason.
 * Opens the file read-only: originals are never written. A decode that failed is judged again by `context.doctor`
 * when there is one.
 */
export async function scanFile(
  path: Uint8Array,
  name: string,
  options: ScanFileOptions,
  context: ScanFileContext = {},
): Promise<ScanFileResult> {
  const imageByName = hasImageExtension(name);
  const rawPath = Buffer.from(path.buffer, path.byteOffset, path.byteLength);
  let read;
  try {
    read = await readStable(rawPath, options.maxFileBytes, context.hooks);
  } catch (error) {
    return openFailure(rawPath, error, imageByName);
  }
  const stats = read.stats;
  const base: Base = { size: stats.size, mtimeMs: stats.mtimeMs, contentHash: null, format: null };
  const remember = { size: stats.size, mtimeMs: stats.mtimeMs };
  if (read.kind === 'not-a-file') return { kind: 'ignored', remember: null };
  if (read.kind === 'unstable') {
    return imageByName
      ? record(
          base,
          'error',
          problem('unstable-file', 'The file kept changing while it was read (still being copied?)'),
        )
      : { kind: 'ignored', remember: null };
  }
  if (stats.size === 0) {
    return imageByName
      ? record(base, 'error', problem('empty-file', 'The file is empty (0 bytes)'))
      : { kind: 'ignored', remember };
  }
  const head = read.kind === 'read' ? read.bytes : read.head;
  const format = sniffFormat(head);
  if (!format) {
    const cutFormat = read.kind === 'read' ? truncatedSignature(read.bytes) : null;
    if (cutFormat) {
      return record(
        { ...base, format: cutFormat },
        'error',
        problem('truncated', `The file is cut short after ${stats.size} bytes; there is no picture in it`),
      );
    }
    return imageByName
      ? record(
          base,
          'error',
          problem('not-an-image', 'The name says image, but the contents are not a picture Facets recognizes'),
        )
      : { kind: 'ignored', remember };
  }
  if (read.kind === 'too-large') {
    return record(
      { ...base, format },
      'error',
      problem(
        'file-too-large',
        `The file is ${Math.round(stats.size / MIB)} MiB, over the ${Math.round(options.maxFileBytes / MIB)} MiB limit for one photo`,
      ),
    );
  }
  const withHash: Base = { ...base, format, contentHash: createHash('sha256').update(read.bytes).digest() };
  if (!DECODABLE.has(format)) {
    return record(
      withHash,
      'unsupported',
      problem('unsupported-format', `${FORMAT_NAMES[format]} images cannot be opened by this version of Facets`),
    );
  }
  const request: DecodeRequest = { bytes: read.bytes, base: withHash, format, options };
  const first = await decodeImage(request);
  if (!first.byDecoderWords || !context.doctor) return first.photo;
  return (await context.doctor.decode(request)) ?? first.photo;
}

async function openFailure(path: Buffer, error: unknown, imageByName: boolean): Promise<ScanFileResult> {
  const code = errnoOf(error);
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'vanished' };
  if (!imageByName || code === 'EISDIR' || code === 'ELOOP') return { kind: 'ignored', remember: null };
  // Reading was refused, but the file's size and date are usually still visible; they make the record truthful.
  const stats = await stat(path).catch(() => null);
  const base: Base = { size: stats?.size ?? 0, mtimeMs: stats?.mtimeMs ?? 0, contentHash: null, format: null };
  if (code === 'EACCES' || code === 'EPERM') {
    return record(
      base,
      'error',
      problem('permission-denied', 'Facets is not allowed to read this file (permission denied)'),
    );
  }
  return record(
    base,
    'error',
    problem('io-error', `The file could not be read (${code ?? firstLine(messageOf(error))})`),
  );
}

function firstLine(text: string): string {
  return text.split('\n')[0]!.slice(0, 200);
}

/** Lines that only say "something failed" or are retry noise: they tell the user nothing. */
const NOISE =
  /^(Warning treated as error due to failOn setting|read gave \d+ warnings?|error in tile \d+ x \d+|(source: )?bad seek to \d+|Unknown error)$/i;
/** sharp's wrapper and the libvips loader names in front of the decoder's words. */
const PREFIXES =
  /^(Input buffer has corrupt header:\s*)?((VipsJpeg|vipspng|gifload(_buffer)?|heif|webp|tiff2vips|source|spng):\s*)?/i;

/** The decoder's own words, de-duplicated and short, to put in parentheses after our sentence. */
function decoderDetail(error: unknown, warnings: readonly string[]): string {
  const lines = [...messageOf(error).split('\n'), ...warnings.flatMap((w) => w.split('\n'))]
    .map((line) =>
      line
        .trim()
        .replace(PREFIXES, '')
        .replace(/^Input buffer contains unsupported image format$/i, 'the header is not readable')
        .trim(),
    )
    .filter((line) => line.length > 0 && !NOISE.test(line));
  return [...new Set(lines)].slice(0, 2).join('; ').slice(0, 160);
}

/**
 * The decoder lacks what this file needs (HEVC for most HEIC, an exotic TIFF compression). Not "unsupported image
 * format": sharp says that when a loader rejects the header of a format we recognised and can decode, i.e. damage.
 */
const UNSUPPORTED =
  /not been built in|no decoding plugin|unsupported (codec|feature|compression)|(decoding|scheme) is not implemented|support is not configured/i;
const CUT_SHORT =
  /premature end of JPEG|not enough data|unexpected end of (file|data)|truncated|short read|JPEG datastream contains no image/i;

type Failure = Readonly<{ status: PhotoStatus; problem: PhotoProblem }>;

/**
 * Why a decode failed, in the user's terms. `partial` says whether a lenient decode still produced a picture, which
 * makes the photo "damaged" (shown, with a reason) rather than an "error".
 */
function classifyDecodeFailure(
  error: unknown,
  warnings: readonly string[],
  bytes: Buffer,
  format: ImageFormat,
  partial: boolean,
): Failure {
  const detail = decoderDetail(error, warnings);
  const said = `${messageOf(error)}\n${warnings.join('\n')}`;
  const suffix = detail ? ` (${detail})` : '';
  if (UNSUPPORTED.test(said)) return { status: 'unsupported', problem: unsupportedCompression(format, undefined) };
  if (/exceeds pixel limit/i.test(said)) {
    return { status: 'error', problem: problem('pixel-limit', `The image is too large to open safely${suffix}`) };
  }
  const status: PhotoStatus = partial ? 'damaged' : 'error';
  const cut = endsEarly(bytes, format) ?? CUT_SHORT.test(said);
  if (cut) {
    const what = partial ? 'part of the picture is missing' : 'the picture cannot be shown';
    return { status, problem: problem('truncated', `The file is cut short (an interrupted copy?): ${what}${suffix}`) };
  }
  const what = partial ? 'the picture may show errors' : 'the picture cannot be shown';
  return { status, problem: problem('corrupt', `The image data is damaged: ${what}${suffix}`) };
}

function unsupportedCompression(format: ImageFormat, compression: string | undefined): PhotoProblem {
  const how = compression ? `${compression.toUpperCase()} compression` : 'a compression';
  return problem(
    'unsupported-format',
    `This ${FORMAT_NAMES[format]} image uses ${how} this version of Facets cannot decode`,
  );
}

/** EXIF, partly when only part of it is readable: a broken block costs the fields in it, not the photo. */
async function readExif(
  bytes: Buffer,
  format: ImageFormat,
): Promise<{ fields: ExifFields; problem: PhotoProblem | null }> {
  if (format === 'gif') return { fields: EMPTY_EXIF, problem: null };
  const unreadable = problem(
    'exif-unreadable',
    "The photo's metadata (EXIF) is damaged: its date, place or camera may be missing",
  );
  let raw: unknown;
  try {
    // silentErrors (the default) keeps the blocks that parsed and lists the failures in `errors`.
    raw = await exifr.parse(bytes, {
      pick: [...EXIF_TAGS],
      reviveValues: false,
      translateValues: false,
      mergeOutput: true,
    });
  } catch (error) {
    // exifr says this for files that simply carry no metadata it can read (e.g. WebP): not a problem.
    if (/unknown file format|invalid input argument/i.test(messageOf(error)))
      return { fields: EMPTY_EXIF, problem: null };
    return { fields: EMPTY_EXIF, problem: unreadable };
  }
  if (!raw || typeof raw !== 'object') return { fields: EMPTY_EXIF, problem: null };
  const fields = normalizeExif(raw as Record<string, unknown>);
  const errors = (raw as { errors?: unknown }).errors;
  return { fields, problem: Array.isArray(errors) && errors.length > 0 ? unreadable : null };
}

type Decoded = Readonly<{ data: Buffer; info: OutputInfo }>;

/** A thumbnail, EXIF orientation applied; `warnings` collects what libvips complained about on the way. */
function thumbnail(
  bytes: Buffer,
  options: ScanFileOptions,
  failOn: 'warning' | 'none',
  warnings: string[],
): Promise<Decoded> {
  const image = sharp(bytes, { limitInputPixels: options.maxPixels, failOn });
  image.on('warning', (warning: string) => warnings.push(warning));
  return image
    .rotate()
    .resize(options.thumbSize, options.thumbSize, { fit: 'inside', withoutEnlargement: true })
    .webp({ quality: 76, effort: 2 })
    .toBuffer({ resolveWithObject: true });
}

/**
 * The decode's verdict, and whether it rests on the decoder's words (which other threads can garble) rather than on
 * the header alone.
 */
export type Decoding = Readonly<{ photo: ScannedPhoto; byDecoderWords: boolean }>;

const byHeader = (photo: ScannedPhoto): Decoding => ({ photo, byDecoderWords: false });
const byWords = (photo: ScannedPhoto): Decoding => ({ photo, byDecoderWords: true });

/** Dimensions, EXIF and a thumbnail, or the reason there are none. Never throws for a bad file. */
export async function decodeImage({ bytes, base, format, options }: DecodeRequest): Promise<Decoding> {
  let metadata: Metadata;
  const headerWarnings: string[] = [];
  try {
    const probe = sharp(bytes, { limitInputPixels: false, failOn: 'none' });
    probe.on('warning', (warning: string) => headerWarnings.push(warning));
    metadata = await probe.metadata();
  } catch (error) {
    const failure = classifyDecodeFailure(error, headerWarnings, bytes, format, false);
    return byWords(record(base, failure.status, failure.problem));
  }
  const { width, height } = metadata;
  if (!width || !height)
    return byHeader(
      record(base, 'error', problem('corrupt', 'The image declares no size: the picture cannot be shown')),
    );
  const orientation = metadata.orientation ?? null;
  const rotated = orientation !== null && orientation >= 5;
  const dims = { width: rotated ? height : width, height: rotated ? width : height, orientation };
  if (width * height > options.maxPixels) {
    const megapixels = Math.round((width * height) / 1e6);
    const limit = Math.round(options.maxPixels / 1e6);
    return byHeader(
      record(
        base,
        'error',
        problem(
          'pixel-limit',
          `The image claims to be ${width}×${height} pixels (${megapixels} MP), over the ${limit} MP safety limit, so it was not opened`,
        ),
        dims,
      ),
    );
  }
  const exif = await readExif(bytes, format);
  const known = { ...dims, exif: exif.fields };
  const warnings: string[] = [];
  try {
    const { data, info } = await thumbnail(bytes, options, 'warning', warnings);
    return byHeader(record(base, 'ok', exif.problem, { ...known, thumbnail: thumb(data, info) }));
  } catch (strictError) {
    const unsupported = record(base, 'unsupported', unsupportedCompression(format, metadata.compression), known);
    // The header names the codec sharp's prebuilt libvips never carries (HEVC, what iPhones write): no words needed.
    if (format === 'heif' && metadata.compression === 'hevc') return byHeader(unsupported);
    if (UNSUPPORTED.test(messageOf(strictError))) return byWords(unsupported);
    try {
      // Lenient decode: a truncated JPEG usually still shows most of the picture, which is worth keeping.
      const { data, info } = await thumbnail(bytes, options, 'none', []);
      const failure = classifyDecodeFailure(strictError, warnings, bytes, format, true);
      return byWords(record(base, failure.status, failure.problem, { ...known, thumbnail: thumb(data, info) }));
    } catch {
      const failure = classifyDecodeFailure(strictError, warnings, bytes, format, false);
      return byWords(record(base, failure.status, failure.problem, known));
    }
  }
}

function thumb(data: Buffer, info: OutputInfo): Thumbnail {
  return {
    bytes: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    mime: 'image/webp',
    width: info.width,
    height: info.height,
  };
}
