/** Rate and ETA from a sliding window of (time, done) samples; pure, so it is tested without clocks. */
export type ProgressMeter = Readonly<{
  sample(nowMs: number, done: number): void;
  ratePerSecond(): number;
  etaSeconds(done: number, total: number, totalKnown: boolean): number | null;
}>;

export function createProgressMeter(windowMs = 10_000): ProgressMeter {
  const samples: { t: number; done: number }[] = [];
  return {
    sample(t, done) {
      samples.push({ t, done });
      // Keep one sample older than the window so the rate always spans the whole window.
      while (samples.length > 2 && samples[1]!.t <= t - windowMs) samples.shift();
    },
    ratePerSecond() {
      const first = samples[0];
      const last = samples[samples.length - 1];
      if (!first || !last || last.t <= first.t) return 0;
      return ((last.done - first.done) * 1000) / (last.t - first.t);
    },
    etaSeconds(done, total, totalKnown) {
      const rate = this.ratePerSecond();
      if (!totalKnown || rate <= 0) return null;
      return Math.max(0, Math.round((total - done) / rate));
    },
  };
}
