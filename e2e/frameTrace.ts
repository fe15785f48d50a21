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
  args?: Readonly<{ name?: string; data?: Readonly<{ message?: string }> }>;
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

/** Names the page gives console.timeStamp at the first and last frame of a measured run (see frameWork's window). */
export const RUN_MARKS = { start: 'facets-run-start', end: 'facets-run-end' } as const;

/** Index of the last value at or before `at` in ascending `sorted`, or -1 (binary search). */
function lastAtOrBefore(sorted: readonly number[], at: number): number {
  let lo = -1;
  let hi = sorted.length;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= at) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** Where each frame starts: the main-thread task that runs its BeginMainFrame, which opens a few µs before it. */
function frameStarts(tasks: readonly TraceEvent[], beginMainFrames: readonly TraceEvent[]): number[] {
  const taskStarts = tasks.map((task) => task.ts);
  return beginMainFrames.map((frame) => {
    const task = tasks[lastAtOrBefore(taskStarts, frame.ts)];
    return task && task.ts + (task.dur ?? 0) >= frame.ts ? task.ts : frame.ts;
  });
}

/**
 * Each frame's work: the task that renders it and every task after it until the next frame's. Only frames that begin
 * between the page's RUN_MARKS count when the trace has them, so the harness's own scripts before and after the run
 * (Playwright's evaluate, the metrics read) are not taken for the page's frames.
 */
export function frameWork(trace: Buffer): FrameWork {
  const parsed = JSON.parse(trace.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
  const mainThreads = new Set(
    events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`),
  );
  const onMain = (e: TraceEvent) => mainThreads.has(`${e.pid}:${e.tid}`);
  const mark = (message: string) =>
    events.find((e) => onMain(e) && e.name === 'TimeStamp' && e.args?.data?.message === message)?.ts;
  const from = mark(RUN_MARKS.start) ?? -Infinity;
  const to = mark(RUN_MARKS.end) ?? Infinity;
  const byStart = (a: TraceEvent, b: TraceEvent) => a.ts - b.ts;
  const tasks = events
    .filter(
      (e) => onMain(e) && e.ph === 'X' && e.name === 'RunTask' && e.cat === 'disabled-by-default-devtools.timeline',
    )
    .sort(byStart);
  const beginMainFrames = events
    .filter((e) => onMain(e) && e.ph === 'X' && e.name === 'WebFrameWidgetImpl::BeginMainFrame')
    .filter((e) => e.ts >= from && e.ts <= to)
    .sort(byStart);
  const starts = frameStarts(tasks, beginMainFrames);
  const frames = Math.max(0, starts.length - 1);
  const cpu = new Array<number>(frames).fill(0);
  const wall = new Array<number>(frames).fill(0);
  for (const task of tasks) {
    const frame = lastAtOrBefore(starts, task.ts);
    if (frame < 0 || frame >= frames) continue;
    cpu[frame]! += (task.tdur ?? task.dur ?? 0) / 1000;
    wall[frame]! += (task.dur ?? 0) / 1000;
  }
  const byName = new Map<string, number>();
  const first = starts[0] ?? 0;
  const last = starts.at(-1) ?? 0;
  for (const e of events) {
    if (!onMain(e) || e.ph !== 'X' || TASK_WRAPPERS.has(e.name) || e.ts < first || e.ts >= last) continue;
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
