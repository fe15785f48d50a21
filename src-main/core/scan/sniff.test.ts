import { describe, expect, it } from 'vitest';
import { hasImageExtension, sniffFormat, SNIFF_BYTES, truncatedSignature } from './sniff.js';

const bytes = (...parts: (string | number[])[]): Uint8Array =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'latin1') : Buffer.from(part))));

/** An ISO-BMFF `ftyp` box: size, 'ftyp', major brand, minor version, compatible brands. */
function ftyp(major: string, ...compatible: string[]): Uint8Array {
  const size = 16 + compatible.length * 4;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], ...compatible, 'mdat....');
}

function bmpHeader(dibSize: number): Uint8Array {
  const head = Buffer.alloc(54);
  head.write('BM', 0, 'latin1');
  head.writeUInt32LE(dibSize, 14);
  return head;
}

describe('sniffFormat', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF')],
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe1], 'Exif')],
    ['png', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13], 'IHDR')],
    ['gif', bytes('GIF87a', [1, 0, 1, 0])],
    ['gif', bytes('GIF89a', [1, 0, 1, 0])],
    ['webp', bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ')],
    ['tiff', bytes([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0])],
    ['tiff', bytes([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8])],
    ['tiff', bytes([0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0])], // BigTIFF
    ['tiff', bytes([0x4d, 0x4d, 0x00, 0x2b, 0, 8, 0, 0])],
    ['jxl', bytes([0xff, 0x0a, 0xfa])], // bare codestream
    ['jxl', bytes([0, 0, 0, 0x0c], 'JXL ', [0x0d, 0x0a, 0x87, 0x0a])], // ISO-BMFF container
    ['psd', bytes('8BPS', [0, 1])],
  ] as const)('recognises %s from its signature', (format, head) => {
    expect(sniffFormat(head)).toBe(format);
  });

  it('tells AVIF from HEIF by brand, in the major brand or the compatible list', () => {
    expect(sniffFormat(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(sniffFormat(ftyp('avis', 'avis', 'msf1'))).toBe('avif'); // AVIF image sequence
    expect(sniffFormat(ftyp('mif1', 'mif1', 'avif'))).toBe('avif');
    for (const brand of ['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'])
      expect(sniffFormat(ftyp(brand, 'mif1'))).toBe('heif');
  });

  it('does not take video in an ISO-BMFF box for an image', () => {
    expect(sniffFormat(ftyp('isom', 'isom', 'iso2', 'mp41'))).toBeNull();
    expect(sniffFormat(ftyp('qt  ', 'qt  '))).toBeNull();
    expect(sniffFormat(ftyp('M4A ', 'M4A ', 'mp42'))).toBeNull();
  });

  it('reads compatible brands only inside the ftyp box', () => {
    // "avif" sits right after a 16-byte ftyp box that lists no compatible brands: it belongs to the next box.
    expect(sniffFormat(bytes([0, 0, 0, 16], 'ftyp', 'isom', [0, 0, 0, 0], 'avif'))).toBeNull();
  });

  it('accepts "BM" as a BMP only with a known DIB header size', () => {
    for (const dib of [12, 40, 52, 56, 64, 108, 124]) expect(sniffFormat(bmpHeader(dib))).toBe('bmp');
    expect(sniffFormat(bmpHeader(41))).toBeNull();
    expect(sniffFormat(bytes('BMW owners club minutes'))).toBeNull();
    expect(sniffFormat(bytes('BM'))).toBeNull();
  });

  it('rejects near misses and garbage', () => {
    expect(sniffFormat(bytes([0xff, 0xd8, 0x00]))).toBeNull();
    expect(sniffFormat(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x00]))).toBeNull();
    expect(sniffFormat(bytes('GIF88a'))).toBeNull();
    expect(sniffFormat(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull();
    expect(sniffFormat(bytes('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
    expect(sniffFormat(bytes('%PDF-1.7'))).toBeNull();
    expect(sniffFormat(bytes([0x50, 0x4b, 0x03, 0x04]))).toBeNull(); // zip
    expect(sniffFormat(new Uint8Array(0))).toBeNull();
    expect(sniffFormat(new Uint8Array(SNIFF_BYTES))).toBeNull();
    expect(sniffFormat(bytes([0xff]))).toBeNull();
  });

  it('stays within SNIFF_BYTES', () => {
    const head = bytes(
      [0, 0, 0, 60],
      'ftyp',
      'isom',
      [0, 0, 0, 0],
      'mp41',
      'iso2',
      'dash',
      'cmfc',
      'cmfs',
      'mif1',
      'msf1',
      'iso6',
      'iso5',
      'avc1',
    );
    expect(head.length).toBeLessThanOrEqual(SNIFF_BYTES);
    expect(sniffFormat(head)).toBe('heif');
  });
});

describe('truncatedSignature', () => {
  it('names the format a too-short file starts', () => {
    expect(truncatedSignature(bytes([0xff, 0xd8]))).toBe('jpeg');
    expect(truncatedSignature(bytes([0x89, 0x50, 0x4e]))).toBe('png');
    expect(truncatedSignature(bytes('GIF8'))).toBe('gif');
    expect(truncatedSignature(bytes('II*'))).toBe('tiff');
  });

  it('says nothing for one byte, non-matching bytes, or a complete signature', () => {
    expect(truncatedSignature(bytes([0xff]))).toBeNull();
    expect(truncatedSignature(bytes([0xff, 0x00]))).toBeNull();
    expect(truncatedSignature(bytes([0xff, 0xd8, 0xff]))).toBeNull();
    expect(truncatedSignature(bytes('hello'))).toBeNull();
  });
});

describe('hasImageExtension', () => {
  it('matches image extensions case-insensitively', () => {
    for (const name of [
      'a.jpg',
      'B.JPEG',
      'c.Png',
      'd.heic',
      'e.HIF',
      'f.tif',
      'g.webp',
      'h.avif',
      'raw.CR2',
      'x.y.gif',
    ]) {
      expect(hasImageExtension(name)).toBe(true);
    }
  });

  it('rejects other names, including no extension and dotfiles of other kinds', () => {
    for (const name of [
      'notes.txt',
      'photo.jpg.txt',
      'jpg',
      'drawing.svg',
      'clip.mp4',
      'archive.zip',
      'README',
      '.jpgrc',
    ]) {
      expect(hasImageExtension(name)).toBe(false);
    }
  });
});
