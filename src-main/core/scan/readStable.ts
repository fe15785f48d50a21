import { open, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { SNIFF_BYTES } from './sniff.js';

export type StableRead =
  | Readonly<{ kind: 'read'; bytes: Buffer; stats: Stats }>
  /** Larger than we agree to hold in memory: only the first bytes were read, for identification. */
  | Readonly<{ kind: 'too-large'; head: Buffer; stats: Stats }>
  | Readonly<{ kind: 'not-a-file'; stats: Stats }>
  /** The file kept changing (being copied or written) while we read it. */
  | Readonly<{ kind: 'unstable'; stats: Stats }>;

const ATTEMPTS = 3;

function sameVersion(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Reads a whole file read-only and makes sure the bytes are one version of it: the open file did not change during
 * the read and the path still names the same file afterwards (it was not replaced by a rename). Retries a few times
 * before calling the file unstable. Throws the fs error (ENOENT, EACCES, …) when the file cannot be opened.
 */
export async function readStable(path: Buffer, maxBytes: number): Promise<StableRead> {
  let last: Stats | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const handle = await open(path, 'r');
    try {
      const before = await handle.stat();
      last = before;
      if (!before.isFile()) return { kind: 'not-a-file', stats: before };
      if (before.size > maxBytes) {
        const head = Buffer.alloc(SNIFF_BYTES);
        const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
        return { kind: 'too-large', head: head.subarray(0, bytesRead), stats: before };
      }
      const bytes = await handle.readFile();
      const after = await handle.stat();
      const atPath = await stat(path);
      if (bytes.length === after.size && sameVersion(before, after) && sameVersion(after, atPath)) {
        return { kind: 'read', bytes, stats: after };
      }
    } finally {
      await handle.close();
    }
  }
  if (!last) throw new Error('unreachable: no read attempt was made');
  return { kind: 'unstable', stats: last };
}
