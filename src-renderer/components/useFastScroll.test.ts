import { describe, expect, it } from 'vitest';
import { FAST_SCROLL_PX_PER_MS, nextScrollSample, type ScrollSample } from './useFastScroll.js';

/** Feeds one scroll event per 60 Hz frame, moving step px each, and returns the samples. */
function scroll(step: number, frames: number, from: ScrollSample | null = null): ScrollSample[] {
  const samples: ScrollSample[] = [];
  let sample = from;
  for (let frame = 1; frame <= frames; frame++) {
    const time = (from?.time ?? 0) + frame * (1000 / 60);
    sample = nextScrollSample(sample, (from?.offset ?? 0) + frame * step, time, true);
    samples.push(sample);
  }
  return samples;
}

describe('scroll speed for holding thumbnails', () => {
  it('calls a fling fast within a few frames, and a steady browse never', () => {
    const fling = scroll(100, 10);
    expect(fling.findIndex((s) => s.speed > FAST_SCROLL_PX_PER_MS)).toBeLessThanOrEqual(3);
    expect(fling.at(-1)!.speed).toBeCloseTo(6, 1);
    expect(scroll(20, 60).every((s) => s.speed <= FAST_SCROLL_PX_PER_MS)).toBe(true);
  });

  it('slows back under the limit within a few frames of the scroll slowing', () => {
    const fling = scroll(100, 10);
    const browse = scroll(10, 10, fling.at(-1)!);
    expect(browse.findIndex((s) => s.speed <= FAST_SCROLL_PX_PER_MS)).toBeLessThanOrEqual(3);
  });

  it('starts from rest after the scroll stopped, whatever the jump', () => {
    const stopped = nextScrollSample(scroll(100, 10).at(-1)!, 5000, 1000, false);
    expect(stopped.speed).toBe(0);
    expect(nextScrollSample(null, 90_000, 2000, true).speed).toBe(0);
  });
});
