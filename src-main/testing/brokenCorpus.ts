import { execFile } from 'node:child_process';
import { constants, crc32, deflateSync } from 'node:zlib';
import { chmod, mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import type { PhotoStatus, ProblemCode } from '../../src-shared/types/photo.js';
import type { ExifFields } from '../core/scan/exifFields.js';

/*
 * Test kit: a corpus of broken and odd files, generated on the fly (never committed) so every scanner test sees the same
 * hostile input. Each case says what the scanner must make of it. Test-only; production code never imports this.
 */

export type CorpusExpectation = 'ignored' | Readonly<{ status: PhotoStatus; code: ProblemCode | null }>;

export type CorpusCase = Readonly<{
  /** Short label for tables and failure messages. */
  label: string;
  /** Absolute path, raw bytes (some names are not UTF-8). */
  path: Buffer;
  expect: CorpusExpectation;
  /** Display size after EXIF rotation, where the case is about it. */
  size?: Readonly<{ width: number; height: number }>;
  /** EXIF fields the scan must produce, where the case is about them. */
  exif?: Partial<ExifFields>;
}>;

/** Root reads every file whatever its mode, so permission cases only bite for another user. */
export const RUNNING_AS_ROOT = process.getuid?.() === 0;

/** Deterministic pseudo-random bytes (mulberry32), so the corpus is the same on every run. */
export function pseudoRandomBytes(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = (t ^ (t >>> 14)) & 0xff;
  }
  return out;
}

/** A picture with some structure (gradient plus noise), so encoders produce real entropy-coded data. */
function picture(width: number, height: number, channels: 1 | 3 | 4 = 3, pages = 1): Sharp {
  const pixels = Buffer.alloc(width * height * pages * channels);
  const noise = pseudoRandomBytes(pixels.length, width * 7919 + height);
  for (let i = 0; i < pixels.length; i++) {
    const pixel = Math.floor(i / channels);
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    const channel = i % channels;
    pixels[i] = channel === 3 ? 200 : ((x * 255) / width + (y * 128) / height + (noise[i]! & 31) + channel * 40) & 0xff;
  }
  const pageHeight = pages > 1 ? height : undefined;
  return sharp(pixels, { raw: { width, height: height * pages, channels, ...(pageHeight ? { pageHeight } : {}) } });
}

// ── PNG and JPEG surgery ────────────────────────────────────────────────────────────────────────────────────────────

function pngChunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * A decompression bomb in miniature: a valid PNG header declaring `width`×`height` gray pixels followed by a small IDAT.
 * The danger is the declared size (900 MP would take ~1 GB to decode), which the scanner must refuse before decoding.
 */
export function declaredSizePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 0, 0, 0, 0], 8); // 8-bit grayscale, deflate, no filter, no interlace
  const rows = deflateSync(Buffer.alloc((width + 1) * 16), { level: constants.Z_BEST_COMPRESSION });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', rows),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Offset of the first JPEG marker `marker` (e.g. 0xc0 for SOF0) found by walking the segment list. */
function jpegSegmentOffset(jpeg: Buffer, markers: readonly number[]): number {
  let at = 2;
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]!;
    if (markers.includes(marker)) return at;
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error(`no JPEG marker ${markers.map((m) => m.toString(16)).join('/')} found`);
}

/** A valid JPEG whose frame header (SOF) claims another size: what a bomb or a mangled header looks like to a reader. */
function withDeclaredJpegSize(jpeg: Buffer, width: number, height: number): Buffer {
  const patched = Buffer.from(jpeg);
  const sof = jpegSegmentOffset(patched, [0xc0, 0xc1, 0xc2]);
  patched.writeUInt16BE(height, sof + 5);
  patched.writeUInt16BE(width, sof + 7);
  return patched;
}

/** Inserts an APP1 segment right after SOI (where cameras put EXIF). */
function withApp1(jpeg: Buffer, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), header, payload, jpeg.subarray(2)]);
}

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');

// ── A minimal EXIF (TIFF) writer: enough to put exact, also invalid, values in front of the parsers ────────────────

type TiffValue =
  | Readonly<{ tag: number; type: 'ascii'; value: string }>
  | Readonly<{ tag: number; type: 'byte' | 'short' | 'long'; value: readonly number[] }>
  /** Rationals as [numerator, denominator] pairs; a zero denominator is how cameras write "unknown". */
  | Readonly<{ tag: number; type: 'rational'; value: readonly (readonly [number, number])[] }>;

const TIFF_NO_COMPRESSION = 1;
/** Compression 50000: sharp's prebuilt libtiff is built without it. */
const TIFF_ZSTD = 50000;
const TIFF_TYPES = { byte: [1, 1], ascii: [2, 1], short: [3, 2], long: [4, 4], rational: [5, 8] } as const;
const EXIF_IFD_POINTER = 0x8769;
const GPS_IFD_POINTER = 0x8825;

function tiffValueBytes(entry: TiffValue): Buffer {
  switch (entry.type) {
    case 'ascii':
      return Buffer.from(`${entry.value}\0`, 'latin1');
    case 'byte':
      return Buffer.from(entry.value);
    case 'short':
      return Buffer.concat(
        entry.value.map((v) => {
          const b = Buffer.alloc(2);
          b.writeUInt16LE(v);
          return b;
        }),
      );
    case 'long':
      return Buffer.concat(
        entry.value.map((v) => {
          const b = Buffer.alloc(4);
          b.writeUInt32LE(v);
          return b;
        }),
      );
    case 'rational':
      return Buffer.concat(
        entry.value.map(([n, d]) => {
          const b = Buffer.alloc(8);
          b.writeUInt32LE(n);
          b.writeUInt32LE(d, 4);
          return b;
        }),
      );
  }
}

function ifdLength(entries: readonly TiffValue[]): number {
  const overflow = entries.map((e) => tiffValueBytes(e).length).filter((n) => n > 4);
  return 2 + entries.length * 12 + 4 + overflow.reduce((sum, n) => sum + n + (n % 2), 0);
}

function writeIfd(out: Buffer, start: number, entries: readonly TiffValue[]): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  out.writeUInt16LE(sorted.length, start);
  let data = start + 2 + sorted.length * 12 + 4;
  sorted.forEach((entry, i) => {
    const at = start + 2 + i * 12;
    const bytes = tiffValueBytes(entry);
    const [typeId, unit] = TIFF_TYPES[entry.type];
    out.writeUInt16LE(entry.tag, at);
    out.writeUInt16LE(typeId, at + 2);
    out.writeUInt32LE(bytes.length / unit, at + 4);
    if (bytes.length <= 4) {
      bytes.copy(out, at + 8);
    } else {
      out.writeUInt32LE(data, at + 8);
      bytes.copy(out, data);
      data += bytes.length + (bytes.length % 2);
    }
  });
  out.writeUInt32LE(0, start + 2 + sorted.length * 12); // no next IFD
}

/** `Exif\0\0` + a little-endian TIFF block with IFD0 and, when given, the Exif and GPS sub-IFDs. */
export function exifPayload(
  ifd0: readonly TiffValue[],
  exif: readonly TiffValue[] = [],
  gps: readonly TiffValue[] = [],
): Buffer {
  return Buffer.concat([EXIF_HEADER, tiffBlock(ifd0, exif, gps)]);
}

/** A little-endian TIFF header and IFD0, with the Exif and GPS sub-IFDs when given. */
function tiffBlock(
  ifd0: readonly TiffValue[],
  exif: readonly TiffValue[] = [],
  gps: readonly TiffValue[] = [],
): Buffer {
  const pointer = (tag: number, offset: number): TiffValue => ({ tag, type: 'long', value: [offset] });
  // Sub-IFD pointers are 4-byte values, so the layout is known before their targets are: size first, then fill in.
  const withPointers = (exifAt: number, gpsAt: number): TiffValue[] => [
    ...ifd0,
    ...(exif.length ? [pointer(EXIF_IFD_POINTER, exifAt)] : []),
    ...(gps.length ? [pointer(GPS_IFD_POINTER, gpsAt)] : []),
  ];
  const exifAt = 8 + ifdLength(withPointers(0, 0));
  const gpsAt = exifAt + (exif.length ? ifdLength(exif) : 0);
  const resolved = withPointers(exifAt, gpsAt);
  const tiff = Buffer.alloc(gpsAt + (gps.length ? ifdLength(gps) : 0));
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  writeIfd(tiff, 8, resolved);
  if (exif.length) writeIfd(tiff, exifAt, exif);
  if (gps.length) writeIfd(tiff, gpsAt, gps);
  return tiff;
}

const ascii = (tag: number, value: string): TiffValue => ({ tag, type: 'ascii', value });
const dms = (tag: number, d: number, m: number, s: number): TiffValue => ({
  tag,
  type: 'rational',
  value: [
    [d, 1],
    [m, 1],
    [s, 1],
  ],
});

// ── Other formats, by hand ──────────────────────────────────────────────────────────────────────────────────────────

/** A real 2×2 24-bit BMP: a format we recognise but do not decode. */
function bmp2x2(): Buffer {
  const rowBytes = 8; // 2 pixels × 3 bytes, padded to 4
  const pixels = Buffer.alloc(rowBytes * 2, 0x80);
  const header = Buffer.alloc(54);
  header.write('BM', 0, 'latin1');
  header.writeUInt32LE(54 + pixels.length, 2);
  header.writeUInt32LE(54, 10);
  header.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  header.writeInt32LE(2, 18);
  header.writeInt32LE(2, 22);
  header.writeUInt16LE(1, 26);
  header.writeUInt16LE(24, 28);
  header.writeUInt32LE(pixels.length, 34);
  return Buffer.concat([header, pixels]);
}

/** An ISO-BMFF `ftyp` box with the given brands, followed by `rest`. */
export function ftyp(major: string, compatible: readonly string[], rest: Buffer): Buffer {
  const box = Buffer.alloc(16 + compatible.length * 4);
  box.writeUInt32BE(box.length, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + i * 4, 'latin1'));
  return Buffer.concat([box, rest]);
}

/** Flips every bit in a run of bytes from the middle of the file (corrupting entropy-coded data, not the headers). */
function flipMiddle(bytes: Buffer, fraction = 0.5, length = 64): Buffer {
  const out = Buffer.from(bytes);
  const start = Math.floor(out.length * fraction);
  for (let i = start; i < Math.min(out.length - 2, start + length); i++) out[i] = out[i]! ^ 0xff;
  return out;
}

// ── The corpus ──────────────────────────────────────────────────────────────────────────────────────────────────────

const ok = { status: 'ok', code: null } as const;
const is = (status: PhotoStatus, code: ProblemCode | null): CorpusExpectation => ({ status, code });

/**
 * Writes the corpus into `dir` (which must exist and be empty) and returns one case per file. Every file is made here,
 * from sharp-encoded pictures and hand-built bytes; nothing is copied from anywhere.
 */
export async function buildBrokenCorpus(dir: string): Promise<CorpusCase[]> {
  const root = resolve(dir);
  const cases: CorpusCase[] = [];
  const at = (name: string | Buffer): Buffer =>
    Buffer.concat([Buffer.from(root + sep), typeof name === 'string' ? Buffer.from(name) : name]);
  const add = async (
    label: string,
    name: string | Buffer,
    bytes: Buffer | null,
    expect: CorpusExpectation,
    extra: Pick<CorpusCase, 'size' | 'exif'> = {},
  ): Promise<Buffer> => {
    const path = at(name);
    if (bytes !== null) await writeFile(path, bytes);
    cases.push({ label, path, expect, ...extra });
    return path;
  };

  const jpeg = await picture(64, 48).jpeg({ quality: 85 }).toBuffer();
  const png = await picture(64, 48).png().toBuffer();

  // Valid images of every decodable kind and their odd variants.
  await add('valid JPEG', 'valid.jpg', jpeg, ok, { size: { width: 64, height: 48 } });
  await add('valid PNG', 'valid.png', png, ok);
  await add('valid WebP', 'valid.webp', await picture(64, 48).webp().toBuffer(), ok);
  await add('valid GIF', 'valid.gif', await picture(64, 48).gif().toBuffer(), ok);
  await add('valid TIFF', 'valid.tiff', await picture(64, 48).tiff().toBuffer(), ok);
  const avif = await picture(64, 48).avif({ effort: 0 }).toBuffer();
  await add('valid AVIF', 'valid.avif', avif, ok);
  await add('RGBA PNG', 'rgba.png', await picture(40, 30, 4).png().toBuffer(), ok);
  await add('grayscale JPEG', 'gray.jpg', await picture(40, 30, 1).jpeg().toBuffer(), ok);
  await add('CMYK JPEG', 'cmyk.jpg', await picture(40, 30).toColourspace('cmyk').jpeg().toBuffer(), ok);
  await add('16-bit PNG', 'deep16.png', await picture(40, 30).toColourspace('rgb16').png().toBuffer(), ok);
  await add('progressive JPEG', 'progressive.jpg', await picture(64, 48).jpeg({ progressive: true }).toBuffer(), ok);
  await add(
    'EXIF orientation 6',
    'rotated-6.jpg',
    await picture(60, 40).jpeg().withMetadata({ orientation: 6 }).toBuffer(),
    ok,
    {
      size: { width: 40, height: 60 },
    },
  );
  await add('animated GIF (3 frames)', 'animated.gif', await picture(32, 24, 3, 3).gif().toBuffer(), ok, {
    size: { width: 32, height: 24 },
  });
  await add('multi-page TIFF (2 pages)', 'pages.tiff', await picture(32, 24, 3, 2).tiff().toBuffer(), ok, {
    size: { width: 32, height: 24 },
  });
  await add('1×1 image', 'one-pixel.png', await picture(1, 1).png().toBuffer(), ok, { size: { width: 1, height: 1 } });
  await add('10000×1 panorama', 'sliver.png', await picture(10000, 1).png().toBuffer(), ok, {
    size: { width: 10000, height: 1 },
  });
  await add('JPEG with junk after EOI', 'trailing-junk.jpg', Buffer.concat([jpeg, pseudoRandomBytes(500, 11)]), ok);
  // HEIF container holding an AV1 image (what libheif without HEVC decodes): recognised as HEIF by its brand, decoded.
  await add('HEIF container, AV1-coded', 'av1-in-heif.heic', rebrandedHeic(avif), ok);

  // Recognised by bytes, not by name.
  await add('PNG named .jpg', 'really-png.jpg', png, ok);
  await add('JPEG named .png', 'really-jpeg.png', jpeg, ok);
  await add('JPEG without extension', 'jpeg-no-extension', jpeg, ok);

  // Odd names and places.
  await add(
    'non-UTF-8 name (0xff 0xfe)',
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('-latin.jpg')]),
    jpeg,
    ok,
  );
  await add('255-byte UTF-8 name', `${'é'.repeat(125)}.jpeg`, jpeg, ok);
  const linkPath = await add('symlink to a photo', 'link-to-valid.jpg', null, ok);
  await symlink(at('valid.jpg'), linkPath);
  const lockedPath = await add(
    'no read permission',
    'locked.jpg',
    jpeg,
    RUNNING_AS_ROOT ? ok : is('error', 'permission-denied'),
  );
  await chmod(lockedPath, 0o000);
  await mkdir(await add('folder named like a photo', 'folder.jpg', null, 'ignored'));

  // Empty, truncated and corrupted data.
  await add('zero bytes', 'empty.jpg', Buffer.alloc(0), is('error', 'empty-file'));
  await add('only the JPEG SOI marker', 'soi-only.jpg', Buffer.from([0xff, 0xd8]), is('error', 'truncated'));
  await add(
    'JPEG truncated at 50%',
    'truncated-50.jpg',
    jpeg.subarray(0, jpeg.length >> 1),
    is('damaged', 'truncated'),
  );
  await add(
    'JPEG truncated at 5%',
    'truncated-5.jpg',
    jpeg.subarray(0, Math.floor(jpeg.length * 0.05)),
    is('error', 'truncated'),
  );
  await add('JPEG with flipped bytes mid-file', 'flipped.jpg', flipMiddle(jpeg), is('damaged', 'corrupt'));
  await add(
    'PNG truncated at 60%',
    'truncated.png',
    png.subarray(0, Math.floor(png.length * 0.6)),
    is('damaged', 'truncated'),
  );
  const badCrc = Buffer.from(png);
  badCrc[29] = badCrc[29]! ^ 0xff; // last byte of the IHDR CRC
  // libpng still decodes every pixel; the failed checksum is why it is "damaged" and not "ok".
  await add('PNG with a bad header CRC', 'bad-crc.png', badCrc, is('damaged', 'corrupt'));
  const webp = await picture(64, 48).webp().toBuffer();
  await add('WebP truncated at 50%', 'truncated.webp', webp.subarray(0, webp.length >> 1), is('error', 'truncated'));
  const gif = await picture(32, 32).gif().toBuffer();
  await add('GIF with broken LZW data', 'bad-lzw.gif', flipMiddle(gif, 0.4, 200), is('error', 'corrupt'));
  await add(
    'AVIF truncated at 70%',
    'truncated.avif',
    avif.subarray(0, Math.floor(avif.length * 0.7)),
    is('error', 'truncated'),
  );
  const tiff = await picture(64, 48).tiff().toBuffer();
  // sharp writes the directory after the pixels: cut in half, the header points past the end; at 90% a strip is cut.
  await add('TIFF truncated at 50%', 'truncated.tiff', tiff.subarray(0, tiff.length >> 1), is('error', 'truncated'));
  await add(
    'TIFF with its pixel strip cut',
    'cut-strip.tiff',
    handWrittenTiff(40, 30, TIFF_NO_COMPRESSION, 0.1),
    is('damaged', 'truncated'),
  );

  // Not images at all.
  await add('random bytes named .jpg', 'random.jpg', pseudoRandomBytes(4096, 1), is('error', 'not-an-image'));
  await add('random bytes, no extension', 'random-blob', pseudoRandomBytes(4096, 2), 'ignored');
  await add('text file', 'notes.txt', Buffer.from('shopping list\nmilk\n'), 'ignored');
  await add('CSV file', 'photos.csv', Buffer.from('file,date\na.jpg,2020-01-01\n'), 'ignored');
  await add(
    'MP4 video (ISO-BMFF, not an image brand)',
    'clip.mp4',
    ftyp('isom', ['isom', 'mp41'], pseudoRandomBytes(256, 3)),
    'ignored',
  );
  // SVG is a vector drawing (icons, app artwork), not a photo: no camera, no EXIF, no faces worth indexing. The name is
  // not an image name to us and its bytes match no raster signature, so it is ignored rather than recorded.
  await add(
    'SVG drawing',
    'drawing.svg',
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'),
    'ignored',
  );

  // Images this build recognises but cannot decode.
  await add('BMP', 'image.bmp', bmp2x2(), is('unsupported', 'unsupported-format'));
  await add(
    'JPEG XL signature',
    'image.jxl',
    Buffer.concat([Buffer.from([0xff, 0x0a]), pseudoRandomBytes(300, 4)]),
    is('unsupported', 'unsupported-format'),
  );
  await add(
    'Photoshop PSD signature',
    'layers.psd',
    Buffer.concat([Buffer.from('8BPS\0\x01', 'latin1'), pseudoRandomBytes(300, 5)]),
    is('unsupported', 'unsupported-format'),
  );
  // HEVC-coded HEIC (what iPhones write) needs a decoder this build lacks; junk after the brand is all we can give it.
  await add(
    'HEIC brand with junk body',
    'iphone.heic',
    ftyp('heic', ['mif1', 'heic'], pseudoRandomBytes(400, 6)),
    is('error', 'corrupt'),
  );
  await add(
    'HEIC, HEVC-coded (no decoder here)',
    'hevc.heic',
    hevcHeic(64, 48),
    is('unsupported', 'unsupported-format'),
  );
  await add(
    'TIFF, ZSTD-coded (no codec here)',
    'zstd.tiff',
    handWrittenTiff(40, 30, TIFF_ZSTD, 0),
    is('unsupported', 'unsupported-format'),
  );

  // Decompression bombs: refused from the declared size, before any pixel is decoded.
  await add('PNG declaring 30000×30000', 'bomb.png', declaredSizePng(30000, 30000), is('error', 'pixel-limit'), {
    size: { width: 30000, height: 30000 },
  });
  await add(
    'JPEG declaring 65000×65000',
    'bomb.jpg',
    withDeclaredJpegSize(jpeg, 65000, 65000),
    is('error', 'pixel-limit'),
  );

  // EXIF: good, garbage values, and broken structure. The picture is fine in all of them.
  const make = ascii(0x010f, 'Canon');
  await add(
    'complete EXIF (date, offset, GPS)',
    'exif-good.jpg',
    withApp1(
      jpeg,
      exifPayload(
        [make, ascii(0x0110, 'EOS 5D\0\0\x01')],
        [ascii(0x9003, '2021:06:15 14:30:00'), ascii(0x9011, '+02:00')],
        [
          ascii(0x0001, 'S'),
          dms(0x0002, 33, 51, 36),
          ascii(0x0003, 'E'),
          dms(0x0004, 151, 12, 36),
          { tag: 0x0005, type: 'byte', value: [1] },
          { tag: 0x0006, type: 'rational', value: [[12, 1]] },
        ],
      ),
    ),
    ok,
    {
      exif: {
        takenAt: '2021-06-15T14:30:00',
        takenAtOffset: '+02:00',
        cameraMake: 'Canon',
        cameraModel: 'EOS 5D',
        gps: { latitude: -(33 + 51 / 60 + 36 / 3600), longitude: 151 + 12 / 60 + 36 / 3600, altitude: -12 },
      },
    },
  );
  await add(
    'EXIF with garbage date and GPS',
    'exif-garbage-values.jpg',
    withApp1(
      jpeg,
      exifPayload(
        [make],
        [ascii(0x9003, '0000:00:00 00:00:00'), ascii(0x9004, '2019:02:30 10:00:00'), ascii(0x9011, '+99:00')],
        [
          ascii(0x0001, 'N'),
          dms(0x0002, 400, 0, 0),
          ascii(0x0003, 'E'),
          {
            tag: 0x0004,
            type: 'rational',
            value: [
              [0, 0],
              [0, 0],
              [0, 0],
            ],
          },
        ],
      ),
    ),
    ok,
    { exif: { takenAt: null, takenAtOffset: null, cameraMake: 'Canon', gps: null } },
  );
  await add(
    'EXIF with garbage TIFF header',
    'exif-bad-header.jpg',
    withApp1(jpeg, Buffer.concat([EXIF_HEADER, pseudoRandomBytes(120, 7)])),
    is('ok', 'exif-unreadable'),
  );
  const badOffsets = exifPayload([make], [ascii(0x9003, '2021:06:15 14:30:00')]);
  badOffsets.writeUInt32LE(0x7fff_fff0, EXIF_HEADER.length + 4); // IFD0 offset far past the end
  await add(
    'EXIF with IFD offset past the end',
    'exif-bad-offset.jpg',
    withApp1(jpeg, badOffsets),
    is('ok', 'exif-unreadable'),
  );
  await add(
    'EXIF segment cut short',
    'exif-cut.jpg',
    withApp1(jpeg, exifPayload([make], [ascii(0x9003, '2021:06:15 14:30:00')]).subarray(0, 20)),
    is('ok', 'exif-unreadable'),
  );

  // Too large to read whole: a sparse file, so it costs no disk.
  const huge = await add('file over the size limit (sparse)', 'huge.jpg', jpeg, is('error', 'file-too-large'));
  const handle = await open(huge, 'r+');
  await handle.truncate(HUGE_FILE_BYTES);
  await handle.close();

  await fifoCase(at('pipe.jpg'), cases);
  return cases;
}

/** Size of the corpus's oversized file; callers scan with a `maxFileBytes` below it. */
export const HUGE_FILE_BYTES = 600 * 2 ** 20;

/**
 * The AVIF with its `ftyp` brands changed from AVIF to HEIC in place (same length, so the item offsets stay right):
 * a HEIF file whose image happens to be AV1-coded.
 */
function rebrandedHeic(avif: Buffer): Buffer {
  const out = Buffer.from(avif);
  const ftypEnd = out.readUInt32BE(0);
  for (let at = 8; at + 4 <= ftypEnd; at += 4) {
    if (at !== 12 && /^avi[fs]$/.test(out.toString('latin1', at, at + 4))) out.write('heic', at, 'latin1');
  }
  return out;
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const size = Buffer.alloc(4);
  size.writeUInt32BE(8 + parts.reduce((n, part) => n + part.length, 0));
  return Buffer.concat([size, Buffer.from(type, 'latin1'), ...parts]);
}

/** A FullBox: version and flags, then the fields. */
function fullBox(type: string, version: number, ...parts: Buffer[]): Buffer {
  return box(type, Buffer.from([version, 0, 0, 0]), ...parts);
}

function u16(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => out.writeUInt16BE(v, i * 2));
  return out;
}

function u32(...values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeUInt32BE(v, i * 4));
  return out;
}

/**
 * A structurally valid HEIC as iPhones write it: one `hvc1` (HEVC) image item with a well-formed HEVC decoder
 * configuration (Main profile, 4:2:0, 8-bit) and its size, whose coded data is noise. Only a decoder with HEVC support
 * gets past the header, which is the point: without one, the scanner must say "unsupported", not "corrupt".
 */
export function hevcHeic(width: number, height: number): Buffer {
  const hvcC = box(
    'hvcC',
    Buffer.from([1, 0x01]), // configurationVersion; profile space 0, tier 0, Main profile
    u32(0x6000_0000), // profile compatibility
    Buffer.from([0x90, 0, 0, 0, 0, 0, 90]), // constraint flags; level 3
    u16(0xf000),
    Buffer.from([0xfc, 0xfd, 0xf8, 0xf8]), // parallelism; chroma 4:2:0; 8-bit luma and chroma
    u16(0),
    Buffer.from([0x0f, 0]), // 4-byte NAL lengths; no parameter-set arrays
  );
  const ispe = fullBox('ispe', 0, u32(width, height));
  const coded = pseudoRandomBytes(512, 8);
  const meta = (dataOffset: number): Buffer =>
    fullBox(
      'meta',
      0,
      fullBox('hdlr', 0, u32(0), Buffer.from('pict', 'latin1'), u32(0, 0, 0), Buffer.from([0])),
      fullBox('pitm', 0, u16(1)),
      fullBox('iloc', 0, Buffer.from([0x44, 0x00]), u16(1), u16(1, 0, 1), u32(dataOffset, coded.length)),
      fullBox('iinf', 0, u16(1), fullBox('infe', 2, u16(1, 0), Buffer.from('hvc1\0', 'latin1'))),
      box('iprp', box('ipco', hvcC, ispe), fullBox('ipma', 0, u32(1), u16(1), Buffer.from([2, 0x81, 0x02]))),
    );
  const head = ftyp('heic', ['mif1', 'heic'], Buffer.alloc(0));
  const dataOffset = head.length + meta(0).length + 8;
  return Buffer.concat([head, meta(dataOffset), box('mdat', coded)]);
}

/**
 * An RGB TIFF written by hand with its directory first and the pixels after it (the layout many cameras and scanners
 * use), its one strip labelled with `compression` (the pixels are random bytes either way), `cutFraction` of the strip
 * missing at the end.
 */
function handWrittenTiff(width: number, height: number, compression: number, cutFraction: number): Buffer {
  const pixels = pseudoRandomBytes(width * height * 3, 9);
  const short = (tag: number, ...value: number[]): TiffValue => ({ tag, type: 'short', value });
  const long = (tag: number, ...value: number[]): TiffValue => ({ tag, type: 'long', value });
  const directory = (stripOffset: number): Buffer =>
    tiffBlock([
      long(256, width),
      long(257, height),
      short(258, 8, 8, 8),
      short(259, compression),
      short(262, 2),
      long(273, stripOffset),
      short(277, 3),
      long(278, height),
      long(279, pixels.length),
    ]);
  const whole = Buffer.concat([directory(directory(0).length), pixels]);
  return whole.subarray(0, whole.length - Math.floor(pixels.length * cutFraction));
}

/** A named pipe with a photo's name: opening it for reading would block forever. Skipped where mkfifo is missing. */
async function fifoCase(path: Buffer, cases: CorpusCase[]): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    await promisify(execFile)('mkfifo', [path.toString()]);
  } catch {
    return;
  }
  cases.push({ label: 'named pipe (FIFO) named .jpg', path, expect: 'ignored' });
}

const NOBODY = 65534;

/**
 * Runs an ES module snippet in a child process as user `nobody`, for the permission cases root cannot see (root reads
 * every file whatever its mode). TypeScript modules can be imported from it (through tsx); `args` arrive in
 * `process.argv.slice(1)`. Resolves to its stdout. Only meaningful when RUNNING_AS_ROOT; paths it touches must be
 * reachable by other users.
 */
export async function runAsNobody(script: string, args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '--eval', script, ...args],
    {
      uid: NOBODY,
      gid: NOBODY,
      timeout: 60_000,
      encoding: 'utf8',
    },
  );
  return stdout;
}
