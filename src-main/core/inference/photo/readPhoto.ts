import { readFile } from 'node:fs/promises';

/** Why a photo produced nothing; jobs record it beside the photo. */
export type Failure = Readonly<{ kind: 'failed'; reason: string }>;

/** A photo's bytes by its raw path (as the index stores it), or why they could not be read. */
export async function readPhotoBytes(path: Uint8Array): Promise<Buffer | Failure> {
  try {
    return await readFile(Buffer.from(path.buffer, path.byteOffset, path.byteLength));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      kind: 'failed',
      reason: code === 'ENOENT' ? 'the file is gone' : `the file could not be read (${code ?? String(error)})`,
    };
  }
}

/** `work` on the photo's bytes, or the reason they could not be read. */
export async function withPhotoBytes<R>(path: Uint8Array, work: (bytes: Buffer) => Promise<R>): Promise<R | Failure> {
  const bytes = await readPhotoBytes(path);
  return Buffer.isBuffer(bytes) ? work(bytes) : bytes;
}
