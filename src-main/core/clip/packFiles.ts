/* Streaming sha-256 of pack files: encoders are hundreds of megabytes, never read whole to hash them. */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '../errors.js';
import type { PackFile } from './packManifest.js';

export type Digest = Readonly<{ sha256: string; size: number }>;

function hashingTap(): { tap: Transform; digest: () => Digest } {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  return { tap, digest: () => ({ sha256: hash.digest('hex'), size }) };
}

export async function hashFile(path: string): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** Refuses a file whose digest is not the manifest's, naming both values. */
export function checkDigest(file: PackFile, actual: Digest, where: string): void {
  if (file.size !== undefined && actual.size !== file.size) {
    throw new AppError(
      'invalid-argument',
      `${where}: ${file.path} has ${actual.size} bytes, the manifest pins ${file.size}; the pack was not installed`,
    );
  }
  if (actual.sha256 !== file.sha256) {
    throw new AppError(
      'invalid-argument',
      `${where}: ${file.path} has sha-256 ${actual.sha256}, the manifest pins ${file.sha256}; the pack was not installed`,
    );
  }
}

/** Copies `from` to `to`, hashing the bytes as they pass, and refuses the copy unless they are the pinned file. */
export async function copyVerified(from: string, to: string, file: PackFile, where: string): Promise<void> {
  const { tap, digest } = hashingTap();
  try {
    await pipeline(createReadStream(from), tap, createWriteStream(to, { flags: 'wx' }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new AppError('not-found', `${where}: ${file.path} is missing`);
    throw error;
  }
  checkDigest(file, digest(), where);
}
