import { describe, expect, it } from 'vitest';
import { endsEarly } from './truncation.js';

function box(type: string, payload: number, declared = 8 + payload): Buffer {
  const out = Buffer.alloc(8 + payload);
  out.writeUInt32BE(declared, 0);
  out.write(type, 4, 'latin1');
  return out;
}

function tiff(
  ifdOffset: number,
  entries: [tag: number, type: number, count: number, value: number][],
  length: number,
): Buffer {
  const out = Buffer.alloc(length);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(ifdOffset, 4);
  if (ifdOffset + 2 + entries.length * 12 <= length) {
    out.writeUInt16LE(entries.length, ifdOffset);
    entries.forEach(([tag, type, count, value], i) => {
      const at = ifdOffset + 2 + i * 12;
      out.writeUInt16LE(tag, at);
      out.writeUInt16LE(type, at + 2);
      out.writeUInt32LE(count, at + 4);
      out.writeUInt32LE(value, at + 8);
    });
  }
  return out;
}

describe('endsEarly', () => {
  it('PNG: cut short without its IEND chunk', () => {
    expect(endsEarly(Buffer.from('\x89PNG....IDAT....', 'latin1'), 'png')).toBe(true);
    expect(endsEarly(Buffer.from('\x89PNG....IDAT....IEND\xaeB`\x82', 'latin1'), 'png')).toBe(false);
  });

  it('GIF: cut short without its trailer byte', () => {
    expect(endsEarly(Buffer.from('GIF89a...', 'latin1'), 'gif')).toBe(true);
    expect(endsEarly(Buffer.from('GIF89a...;', 'latin1'), 'gif')).toBe(false);
  });

  it('WebP: cut short when the RIFF size says more than there is', () => {
    const webp = Buffer.alloc(40);
    webp.write('RIFF', 0, 'latin1');
    webp.write('WEBP', 8, 'latin1');
    webp.writeUInt32LE(32, 4);
    expect(endsEarly(webp, 'webp')).toBe(false);
    expect(endsEarly(webp.subarray(0, 30), 'webp')).toBe(true);
    expect(endsEarly(webp.subarray(0, 8), 'webp')).toBe(true);
  });

  it('HEIF/AVIF: cut short when a well-formed box runs past the end', () => {
    const whole = Buffer.concat([box('ftyp', 8), box('meta', 20), box('mdat', 100)]);
    expect(endsEarly(whole, 'heif')).toBe(false);
    expect(endsEarly(whole.subarray(0, whole.length - 10), 'avif')).toBe(true);
    expect(endsEarly(whole.subarray(0, 16 + 28 + 4), 'heif')).toBe(true); // half a box header
  });

  it('HEIF/AVIF: not "cut short" when the boxes are garbage or run to the end by definition', () => {
    expect(
      endsEarly(
        Buffer.concat([box('ftyp', 8), Buffer.from([0x12, 0x34, 0x56, 0x78, 0x00, 0x01, 0x02, 0x03, 9, 9])]),
        'heif',
      ),
    ).toBe(false);
    expect(endsEarly(Buffer.concat([box('ftyp', 8), box('mdat', 50, 0)]), 'heif')).toBe(false); // size 0: to end of file
    expect(endsEarly(Buffer.concat([box('ftyp', 8), box('meta', 8, 4)]), 'heif')).toBe(false); // size below a header
    const large = box('mdat', 16, 1);
    large.writeBigUInt64BE(10_000n, 8); // 64-bit size
    expect(endsEarly(Buffer.concat([box('ftyp', 8), large]), 'heif')).toBe(true);
  });

  it('TIFF: cut short when the directory or a strip lies past the end', () => {
    const LONG = 4;
    expect(endsEarly(tiff(5000, [], 100), 'tiff')).toBe(true);
    expect(
      endsEarly(
        tiff(
          8,
          [
            [273, LONG, 1, 64],
            [279, LONG, 1, 100],
          ],
          164,
        ),
        'tiff',
      ),
    ).toBe(false);
    expect(
      endsEarly(
        tiff(
          8,
          [
            [273, LONG, 1, 64],
            [279, LONG, 1, 100],
          ],
          120,
        ),
        'tiff',
      ),
    ).toBe(true);
    expect(
      endsEarly(
        tiff(
          8,
          [
            [324, LONG, 1, 64],
            [325, LONG, 1, 10],
          ],
          120,
        ),
        'tiff',
      ),
    ).toBe(false); // tiled
    expect(endsEarly(tiff(8, [], 100), 'tiff')).toBeNull(); // no strips to check
    expect(endsEarly(Buffer.from('II*\0', 'latin1'), 'tiff')).toBe(true);
  });

  it("JPEG: cut short when no end-of-image marker follows the last scan, an EXIF thumbnail's own marker aside", () => {
    const soi = [0xff, 0xd8];
    const thumbnail = [0xff, 0xe1, ...soi, 0xff, 0xda, 1, 2, 0xff, 0xd9];
    const scan = [0xff, 0xda, 7, 0xff, 0x00, 9];
    expect(endsEarly(Buffer.from([...soi, ...thumbnail, ...scan, 0xff, 0xd9]), 'jpeg')).toBe(false);
    expect(endsEarly(Buffer.from([...soi, ...thumbnail, ...scan]), 'jpeg')).toBe(true);
    expect(endsEarly(Buffer.from([...soi, ...scan, ...scan]), 'jpeg')).toBe(true);
    expect(endsEarly(Buffer.from([...soi, ...scan, 0xff, 0xd9, 0, 0]), 'jpeg')).toBe(false);
  });

  it('JPEG: cut short before its first scan; no opinion on formats it does not decode', () => {
    expect(endsEarly(Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'jpeg')).toBe(true);
    expect(endsEarly(Buffer.from('BM'), 'bmp')).toBeNull();
  });
});
