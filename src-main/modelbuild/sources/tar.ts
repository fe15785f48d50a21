/*
 * A reader for the tar archives npm packs (ustar, with pax or GNU extended headers for long names): enough to take a few
 * files out of a package tarball without unpacking the rest or depending on a tar package.
 */

const BLOCK = 512;

const text = (bytes: Uint8Array, start: number, length: number): string => {
  const field = bytes.subarray(start, start + length);
  const end = field.indexOf(0);
  return Buffer.from(end < 0 ? field : field.subarray(0, end)).toString('utf8');
};

/** A numeric header field: octal digits, or base-256 (high bit set) for sizes past 8 GB. */
function number(bytes: Uint8Array, start: number, length: number): number {
  if ((bytes[start]! & 0x80) !== 0) {
    let value = bytes[start]! & 0x7f;
    for (let i = 1; i < length; i++) value = value * 256 + bytes[start + i]!;
    return value;
  }
  const digits = text(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw new Error(`tar: bad numeric field "${digits}"`);
  return digits === '' ? 0 : parseInt(digits, 8);
}

function checksumOk(header: Uint8Array): boolean {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i]!;
  return sum === number(header, 148, 8);
}

/** The `path` record of a pax extended header ("<length> path=<value>\n" records). */
function paxPath(data: Uint8Array): string | undefined {
  let offset = 0;
  let path: string | undefined;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) break;
    const length = parseInt(Buffer.from(data.subarray(offset, space)).toString('ascii'), 10);
    if (!(length > 0)) throw new Error('tar: bad pax record');
    const record = Buffer.from(data.subarray(space + 1, offset + length - 1)).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    offset += length;
  }
  return path;
}

/**
 * The regular files of a tar archive whose paths `wanted` accepts, by path. Throws on a damaged archive (bad header
 * checksum, a file running past the end), so a truncated download is never read as a shorter package.
 */
export function readTarFiles(archive: Uint8Array, wanted: (path: string) => boolean): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longPath: string | undefined;
  while (offset + BLOCK <= archive.length) {
    const header = archive.subarray(offset, offset + BLOCK);
    // The archive ends with two zero blocks; one is enough to stop.
    if (header.every((b) => b === 0)) return files;
    if (!checksumOk(header)) throw new Error(`tar: damaged header at byte ${offset}`);
    const size = number(header, 124, 12);
    const type = String.fromCharCode(header[156]! || 0x30);
    const start = offset + BLOCK;
    if (start + size > archive.length) throw new Error(`tar: entry at byte ${offset} runs past the end of the archive`);
    const data = archive.subarray(start, start + size);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longPath = paxPath(data) ?? longPath;
      continue;
    }
    // GNU tar's long-name entry: the next entry's path.
    if (type === 'L') {
      longPath = text(data, 0, data.length);
      continue;
    }
    const prefix = text(header, 345, 155);
    const path = longPath ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longPath = undefined;
    if ((type === '0' || type === '7') && wanted(path)) files.set(path, data);
  }
  throw new Error('tar: the archive ends without its end-of-archive block');
}
