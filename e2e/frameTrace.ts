/*
 * Per-frame main-thread work from a Chromium performance trace (Playwright's browser.startTracing): how long the
 * renderer's main thread worked between one frame's start and the next's. A frame fits the 60 Hz budget when that
 * work stays under 16 ms. Two clocks: `cpu` is the thread's own time (the page's work), `wall` adds the time the
 * thread was runnable but preempted, which on a 2-core machine without a GPU is mostly Chromium's software compositor
 * (about one core while scrolling) and other processes; the interval between frames counts both.
 */

type TraceEvent = Readonly<{
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  /** Thread (CPU) time. */
  tdur?: number;
  pid: number;
  tid: number;
  args?: Readonly<{ name?: string }>;
}>;

export type WorkQuantiles = Readonly<{ p50Ms: number; p95Ms: number; maxMs: number }>;
export type FrameWork = Readonly<{
  frames: number;
  cpu: WorkQuantiles;
  wall: WorkQuantiles;
  /**
   * Where the main thread's time went: the trace events that took the most thread time, in ms per frame. Inclusive
   * (a FunctionCall holds the layout it forced), so they overlap and do not sum to the total: a pointer, not a budget.
   */
  topEventsMsPerFrame: Readonly<Record<string, number>>;
}>;

/** Events listed by topEventsMsPerFrame. */
const TOP_EVENTS = 8;
/** Wrappers around everything, which would top every list. */
const TASK_WRAPPERS = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'RunMicrotasks']);

const quantile = (sorted: readonly number[], q: number) =>
  Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? 0) * 10) / 10;

export function frameWork(trace: Buffer): FrameWork {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e: TraceEvent) => e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`);
  const starts = events
    .filter((e) => onMain(e) && e.name === 'WebFrameWidgetImpl::BeginMainFrame')
    .map((e) => e.ts)
    .sort((a, b) => a - b);
  const frames = Math.max(0, starts.length - 1);
  const cpu = new Array<number>(frames).fill(0);
  const wall = new Array<number>(frames).fill(0);
  for (const task of events) {
    if (!onMain(task) || task.name !== 'RunTask' || task.cat !== 'disabled-by-default-devtools.timeline') continue;
    // The frame a task belongs to: the last frame start at or before it (binary search).
    let lo = 0;
    let hi = starts.length - 1;
    if (frames === 0 || task.ts < starts[0]! || task.ts >= starts[hi]!) continue;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! <= task.ts) lo = mid;
      else hi = mid;
    }
    cpu[lo]! += (task.tdur ?? task.dur ?? 0) / 1000;
    wall[lo]! += (task.dur ?? 0) / 1000;
  }
  const byName = new Map<string, number>();
  const first = starts[0] ?? 0;
  const last = starts.at(-1) ?? 0;
  for (const e of events) {
    if (!onMain(e) || TASK_WRAPPERS.has(e.name) || e.ts < first || e.ts >= last) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000);
  }
  const topEventsMsPerFrame = Object.fromEntries(
    [...byName]
      .sort((a, b) => b[1] - a[1])
      .slice(0, TOP_EVENTS)
      .map(([name, ms]) => [name, Math.round((ms / Math.max(1, frames)) * 100) / 100]),
  );
  const quantiles = (values: number[]): WorkQuantiles => {
    const sorted = values.sort((a, b) => a - b);
    return { p50Ms: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), maxMs: quantile(sorted, 1) };
  };
  return { frames, cpu: quantiles(cpu), wall: quantiles(wall), topEventsMsPerFrame };
}

/** The trace categories frameWork reads. */
export const FRAME_TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink'];
