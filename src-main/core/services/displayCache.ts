import { stat } from 'node:fs/promises';
import type { DisplayFailure, DisplayImage } from '../inference/photo/displayPhoto.js';

/*
 * The viewer's full-size photos, rendered at most a few at a time and kept for a while. Paging through a folder with
 * the arrow keys asks for one photo after another (60-150 ms of sharp each) and comes back to the last few: without a
 * bound, a held-down key queues dozens of renders that all compete for the same two cores, and the photo the user
 * stopped at waits behind them. The newest request starts first; the file's size and mtime are part of the key, so a
 * photo edited on disk is rendered again.
 */

export type DisplayRender = (path: Uint8Array) => Promise<DisplayImage | DisplayFailure>;

export type DisplayCacheOptions = Readonly<{
  /** Rendered bytes kept, least recently used dropped first. */
  maxBytes: number;
  /** Renders at once. */
  concurrency: number;
}>;

/** About forty 2560-px JPEGs. */
export const DISPLAY_CACHE_DEFAULTS: DisplayCacheOptions = { maxBytes: 64 * 1024 * 1024, concurrency: 2 };

export function createDisplayCache(render: DisplayRender, options: DisplayCacheOptions = DISPLAY_CACHE_DEFAULTS) {
  const kept = new Map<string, DisplayImage>();
  const inFlight = new Map<string, Promise<DisplayImage | DisplayFailure>>();
  let keptBytes = 0;
  let running = 0;
  // Waiting renders, newest last: the newest is taken first.
  const waiting: (() => void)[] = [];

  function keep(key: string, image: DisplayImage): void {
    kept.set(key, image);
    keptBytes += image.bytes.byteLength;
    for (const [oldest, old] of kept) {
      if (keptBytes <= options.maxBytes) break;
      kept.delete(oldest);
      keptBytes -= old.bytes.byteLength;
    }
  }

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    // A finishing render hands its slot straight to the newest waiter, so no request can slip in between.
    if (running >= options.concurrency) await new Promise<void>((resolve) => waiting.push(resolve));
    else running++;
    try {
      return await work();
    } finally {
      const next = waiting.pop();
      if (next) next();
      else running--;
    }
  }

  async function keyOf(id: number, path: Uint8Array): Promise<string | null> {
    try {
      const stats = await stat(Buffer.from(path.buffer, path.byteOffset, path.byteLength));
      return `${id}:${stats.size}:${stats.mtimeMs}`;
    } catch {
      return null;
    }
  }

  return {
    /** Photo `id` (at `path`) rendered for display; failures are not kept, the file may come back. */
    async get(id: number, path: Uint8Array): Promise<DisplayImage | DisplayFailure> {
      const key = await keyOf(id, path);
      // A file that cannot be stat'ed gets the renderer's own account of why.
      if (key === null) return render(path);
      const hit = kept.get(key);
      if (hit) {
        kept.delete(key);
        kept.set(key, hit);
        return hit;
      }
      const pending = inFlight.get(key);
      if (pending) return pending;
      const rendering = slot(() => render(path)).then((shown) => {
        if ('bytes' in shown) keep(key, shown);
        return shown;
      });
      inFlight.set(key, rendering);
      try {
        return await rendering;
      } finally {
        inFlight.delete(key);
      }
    },
    /** Bytes currently kept. */
    keptBytes: () => keptBytes,
  };
}

export type DisplayCache = ReturnType<typeof createDisplayCache>;
