import { describe, expect, it } from 'vitest';
import { emptyMergeLog, selectStableClusters, type MergeLog } from './stableClusters.js';

/** A log from [a, b, height] triples. */
function log(merges: readonly (readonly [number, number, number])[]): MergeLog {
  const out = emptyMergeLog();
  for (const [a, b, height] of merges) {
    out.a.push(a);
    out.b.push(b);
    out.height.push(height);
  }
  return out;
}

/** Items first..last joined one by one to `first` at `height`. */
function group(first: number, last: number, height: number): [number, number, number][] {
  return Array.from({ length: last - first }, (_, i) => [first, first + i + 1, height] as [number, number, number]);
}

const params = { minClusterSize: 5, topHeight: 1, floorHeight: 0.001 };

describe('selectStableClusters', () => {
  it('prefers two tight groups to the loose cluster they form together', () => {
    const labels = selectStableClusters(10, log([...group(0, 4, 0.1), ...group(5, 9, 0.1), [0, 5, 0.9]]), params);
    expect(new Set(labels.slice(0, 5))).toEqual(new Set([labels[0]]));
    expect(new Set(labels.slice(5))).toEqual(new Set([labels[5]]));
    expect(labels[0]).not.toBe(labels[5]);
    expect(Math.min(...labels)).toBeGreaterThanOrEqual(0);
  });

  it('keeps a cluster whole when it only sheds stragglers, and leaves items that never joined as noise', () => {
    // 0..9 tight, 10 joins them late, 11 and 12 pair up but are too few, 13 stays alone.
    const labels = selectStableClusters(14, log([...group(0, 9, 0.1), [0, 10, 0.8], [11, 12, 0.2]]), params);
    expect(new Set(labels.slice(0, 11))).toEqual(new Set([0]));
    expect(Array.from(labels.slice(11))).toEqual([-1, -1, -1]);
  });

  it('floors heights, so a burst of identical items does not outweigh the place it belongs to', () => {
    // 0..4 identical (height 0), 5..9 close (0.2), all ten joined at 0.25.
    const merges = log([...group(0, 4, 0), ...group(5, 9, 0.2), [0, 5, 0.25]]);
    const unfloored = selectStableClusters(10, merges, params);
    expect(new Set(unfloored).size).toBe(2);
    const floored = selectStableClusters(10, merges, { ...params, floorHeight: 0.2 });
    expect(new Set(floored)).toEqual(new Set([0]));
  });

  it('refuses a floor outside (0, top] and a log that merges a cluster with itself', () => {
    expect(() => selectStableClusters(2, emptyMergeLog(), { ...params, floorHeight: 0 })).toThrow(RangeError);
    expect(() =>
      selectStableClusters(
        3,
        log([
          [0, 1, 0.1],
          [1, 0, 0.2],
        ]),
        params,
      ),
    ).toThrow(/itself/);
  });
});
