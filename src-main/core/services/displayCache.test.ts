import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DisplayFailure, DisplayImage } from '../inference/photo/displayPhoto.js';
import { createDisplayCache } from './displayCache.js';

/** A test fake of the renderer: answers when told to, and records what it was asked, in order. */
function fakeRenderer(bytesPerImage = 10) {
  const started: string[] = [];
  const pending: (() => void)[] = [];
  let running = 0;
  let mostAtOnce = 0;
  const render = async (path: Uint8Array): Promise<DisplayImage | DisplayFailure> => {
    started.push(Buffer.from(path).toString());
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    await new Promise<void>((resolve) => pending.push(resolve));
    running--;
    return { mime: 'image/jpeg', bytes: new Uint8Array(bytesPerImage), width: 1, height: 1 };
  };
  return {
    render,
    started,
    mostAtOnce: () => mostAtOnce,
    /** Lets every render started so far finish. */
    finishAll: async () => {
      while (pending.length > 0) pending.shift()!();
      await new Promise((resolve) => setTimeout(resolve, 0));
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('display cache', () => {
  let dir: string;
  const file = (name: string) => Buffer.from(join(dir, name));
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'facets-display-cache-'));
    for (const name of ['a', 'b', 'c', 'd']) await writeFile(join(dir, name), name);
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('renders a photo once, for requests at the same time and after', async () => {
    const fake = fakeRenderer();
    const cache = createDisplayCache(fake.render, { maxBytes: 100, concurrency: 2 });
    const both = Promise.all([cache.get(1, file('a')), cache.get(1, file('a'))]);
    await settle();
    await fake.finishAll();
    const [first, second] = await both;
    expect(second).toBe(first);
    expect(await cache.get(1, file('a'))).toBe(first);
    expect(fake.started).toHaveLength(1);
  });

  it('renders again when the file changed on disk', async () => {
    const fake = fakeRenderer();
    const cache = createDisplayCache(fake.render, { maxBytes: 100, concurrency: 2 });
    const first = cache.get(1, file('a'));
    await settle();
    await fake.finishAll();
    await first;
    await utimes(join(dir, 'a'), new Date(), new Date(Date.now() + 60_000));
    const second = cache.get(1, file('a'));
    await settle();
    await fake.finishAll();
    await second;
    expect(fake.started).toHaveLength(2);
  });

  it('keeps at most maxBytes, dropping the least recently used', async () => {
    const fake = fakeRenderer(40);
    const cache = createDisplayCache(fake.render, { maxBytes: 100, concurrency: 4 });
    const get = async (id: number, name: string) => {
      const shown = cache.get(id, file(name));
      await settle();
      await fake.finishAll();
      return shown;
    };
    await get(1, 'a');
    await get(2, 'b');
    await get(1, 'a'); // a is now the most recent
    await get(3, 'c'); // 120 bytes: b goes
    expect(cache.keptBytes()).toBe(80);
    await get(1, 'a');
    await get(2, 'b');
    expect(fake.started.map((p) => p.at(-1))).toEqual(['a', 'b', 'c', 'b']);
  });

  it('renders a few at a time, the newest request first', async () => {
    const fake = fakeRenderer();
    const cache = createDisplayCache(fake.render, { maxBytes: 1000, concurrency: 1 });
    // Each request is let reach the queue before the next: stats finish in any order on libuv's pool.
    const all: Promise<unknown>[] = [];
    for (const [i, name] of ['a', 'b', 'c', 'd'].entries()) {
      all.push(cache.get(i + 1, file(name)));
      await settle();
    }
    expect(fake.started.map((p) => p.at(-1))).toEqual(['a']);
    for (let i = 0; i < 4; i++) {
      await fake.finishAll();
      await settle();
    }
    await Promise.all(all);
    expect(fake.mostAtOnce()).toBe(1);
    expect(fake.started.map((p) => p.at(-1))).toEqual(['a', 'd', 'c', 'b']);
  });

  it('passes a file it cannot stat to the renderer for its reason, and keeps no failure', async () => {
    const failures: string[] = [];
    const cache = createDisplayCache(
      async (path) => {
        failures.push(Buffer.from(path).toString());
        return { kind: 'failed', reason: 'the file is gone', stage: 'read' };
      },
      { maxBytes: 100, concurrency: 1 },
    );
    expect(await cache.get(9, file('gone'))).toMatchObject({ reason: 'the file is gone' });
    expect(await cache.get(9, file('gone'))).toMatchObject({ stage: 'read' });
    expect(failures).toHaveLength(2);
    expect(cache.keptBytes()).toBe(0);
  });
});
