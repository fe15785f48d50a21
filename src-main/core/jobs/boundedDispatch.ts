/**
 * Feeds items from `pages` (fetched lazily, each page after the last item of the previous one) to `work`, keeping at
 * most `window` in flight so the worker pool stays busy without the queue growing. Stops taking new items once
 * `signal` aborts and resolves when everything in flight has settled.
 */
export async function dispatchBounded<T>(
  nextPage: (after: T | undefined) => readonly T[],
  window: number,
  signal: AbortSignal,
  work: (item: T) => Promise<void>,
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  let last: T | undefined;
  while (!signal.aborted) {
    const page = nextPage(last);
    if (page.length === 0) break;
    for (const item of page) {
      while (inFlight.size >= window) await Promise.race(inFlight);
      // Checked after waiting for room: a stop that came while the window was full takes no further item.
      if (signal.aborted) break;
      last = item;
      const tracked: Promise<void> = work(item).finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
    }
  }
  await Promise.all(inFlight);
}
