import { describe, expect, it } from 'vitest';
import { dispatchBounded } from './boundedDispatch.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('dispatchBounded', () => {
  it('processes every item of every page once, never more than the window at a time', async () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const seen: number[] = [];
    let running = 0;
    let peak = 0;
    await dispatchBounded<number>(
      (after) => items.filter((i) => i > (after ?? -1)).slice(0, 7),
      3,
      new AbortController().signal,
      async (item) => {
        running += 1;
        peak = Math.max(peak, running);
        await tick();
        seen.push(item);
        running -= 1;
      },
    );
    expect(seen.sort((a, b) => a - b)).toEqual(items);
    expect(peak).toBe(3);
  });

  it('stops taking items after an abort and waits for those in flight', async () => {
    const controller = new AbortController();
    const finished: number[] = [];
    await dispatchBounded<number>(
      (after) => (after === undefined ? [1, 2, 3, 4, 5, 6] : []),
      2,
      controller.signal,
      async (item) => {
        if (item === 2) controller.abort();
        await tick();
        finished.push(item);
      },
    );
    expect(finished.sort()).toEqual([1, 2]);
  });

  it('takes no further item when the abort comes while it waits for room in a full window', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const releases: Array<() => void> = [];
    const dispatched = dispatchBounded<number>(
      (after) => (after === undefined ? [1, 2, 3, 4] : []),
      2,
      controller.signal,
      (item) => {
        started.push(item);
        return new Promise<void>((release) => releases.push(release));
      },
    );
    await tick();
    expect(started).toEqual([1, 2]);
    controller.abort();
    for (const release of releases) release();
    await dispatched;
    expect(started).toEqual([1, 2]);
  });
});
