import { open, stat, type FileHandle } from 'node:fs/promises';
import { constants, type Stats } from 'node:fs';
import { SNIFF_BYTES } from './sniff.js';

export type StableRead =
  | Readonly<{ kind: 'read'; bytes: Buffer; stats: Stats }>
  /** Larger than we agree to hold in memory: only the first bytes were read, for identification. */
  | Readonly<{ kind: 'too-large'; head: Buffer; stats: Stats }>
  | Readonly<{ kind: 'not-a-file'; stats: Stats }>
  /** The file kept changing (being copied or written) while we read it. */
  | Readonly<{ kind: 'unstable'; stats: Stats }>;

const ATTEMPTS = 3;

/**
 * Test seams for the races a scan meets in real life (a file deleted, replaced or still being written while it is
 * read). Production passes none. `attempt` counts from 0.
 */
export type ReadHooks = Readonly<{
  beforeOpen?: (attempt: number) => Promise<void> | void;
  /** After the bytes were read and before they are checked against the file's current state. */
  afterRead?: (attempt: number) => Promise<void> | void;
}>;

/**
 * Read-only, and non-blocking so that a named pipe given a photo's name cannot hang the scan: opening a FIFO for
 * reading otherwise waits for a writer forever. Regular files ignore O_NONBLOCK. (Windows has no such flag or files.)
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function sameVersion(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Reads `size` bytes from the start, or fewer if the file shrank meanwhile. Never more: a file that keeps growing while
 * it is copied in must not make us hold more than the size we agreed to (the caller sees the size change and retries).
 */
async function readExactly(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await handle.read(bytes, filled, size - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return bytes.subarray(0, filled);
}

/**
 * Reads a whole file read-only and makes sure the bytes are one version of it: the open file did not change during
 * the read and the path still names the same file afterwards (it was not replaced by a rename). Retries a few times
 * before calling the file unstable. Throws the fs error (ENOENT, EACCES, …) when the file cannot be opened.
 */
export async function readStable(path: Buffer, maxBytes: number, hooks: ReadHooks = {}): Promise<StableRead> {
  let last: Stats | undefined;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    await hooks.beforeOpen?.(attempt);
    const handle = await open(path, OPEN_FLAGS);
    try {
      const before = await handle.stat();
      last = before;
      if (!before.isFile()) return { kind: 'not-a-file', stats: before };
      if (before.size > maxBytes) {
        const head = Buffer.alloc(SNIFF_BYTES);
        const { bytesRead } = await handle.read(head, 0, SNIFF_BYTES, 0);
        return { kind: 'too-large', head: head.subarray(0, bytesRead), stats: before };
      }
      const bytes = await readExactly(handle, before.size);
      await hooks.afterRead?.(attempt);
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
