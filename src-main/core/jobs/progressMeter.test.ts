import { describe, expect, it } from 'vitest';
import { createProgressMeter } from './progressMeter.js';

describe('progress meter', () => {
  it('has no rate and no ETA before two samples', () => {
    const meter = createProgressMeter();
    expect(meter.ratePerSecond()).toBe(0);
    meter.sample(0, 0);
    expect(meter.etaSeconds(0, 100, true)).toBeNull();
  });

  it('measures the rate over the window and projects the rest', () => {
    const meter = createProgressMeter(10_000);
    for (let s = 0; s <= 20; s++) meter.sample(s * 1000, s * 5);
    expect(meter.ratePerSecond()).toBeCloseTo(5, 5);
    expect(meter.etaSeconds(100, 150, true)).toBe(10);
  });

  it('forgets old samples so a slowdown shows within the window', () => {
    const meter = createProgressMeter(4_000);
    for (let s = 0; s <= 10; s++) meter.sample(s * 1000, s * 100);
    for (let s = 11; s <= 20; s++) meter.sample(s * 1000, 1000 + (s - 10));
    expect(meter.ratePerSecond()).toBeCloseTo(1, 5);
  });

  it('gives no ETA while the total is still growing', () => {
    const meter = createProgressMeter();
    meter.sample(0, 0);
    meter.sample(1000, 10);
    expect(meter.etaSeconds(10, 50, false)).toBeNull();
  });
});
