import { describe, expect, it } from 'vitest';
import { frameWork, RUN_MARKS } from './frameTrace.js';

const PID = 1;
const MAIN = 10;
const OTHER = 11;

const threadName = (tid: number, name: string) => ({
  name: 'thread_name',
  ph: 'M',
  cat: '__metadata',
  ts: 0,
  pid: PID,
  tid,
  args: { name },
});
/** A main-thread task (times in ms, written as the trace's µs), its thread time half its wall time. */
const task = (atMs: number, ms: number, tid = MAIN) => ({
  name: 'RunTask',
  cat: 'disabled-by-default-devtools.timeline',
  ph: 'X',
  ts: atMs * 1000,
  dur: ms * 1000,
  tdur: (ms * 1000) / 2,
  pid: PID,
  tid,
});
/** A frame: its BeginMainFrame opens 0.04 ms into the task that runs it, as Chromium's do. */
const frame = (atMs: number, ms: number) => [
  task(atMs, ms),
  {
    name: 'WebFrameWidgetImpl::BeginMainFrame',
    cat: 'blink',
    ph: 'X',
    ts: atMs * 1000 + 40,
    dur: ms * 1000 - 80,
    pid: PID,
    tid: MAIN,
  },
];
const mark = (atMs: number, message: string) => ({
  name: 'TimeStamp',
  cat: 'devtools.timeline',
  ph: 'I',
  ts: atMs * 1000,
  pid: PID,
  tid: MAIN,
  args: { data: { message } },
});
const trace = (events: object[]) => Buffer.from(JSON.stringify({ traceEvents: events }));

describe('frameWork', () => {
  it("counts a frame's own rendering task in that frame, with the tasks after it until the next frame's", () => {
    const work = frameWork(
      trace([
        threadName(MAIN, 'CrRendererMain'),
        threadName(OTHER, 'Compositor'),
        ...frame(0, 4),
        task(5, 2),
        task(5, 30, OTHER),
        ...frame(16.7, 12),
        task(30, 3),
        ...frame(33.4, 1),
        ...frame(50.1, 1),
      ]),
    );
    expect(work.frames).toBe(3);
    // Frame one is 4 + 2 ms; frame two 12 + 3 ms; frame three 1 ms. The other thread's task counts in none.
    expect(work.wall).toEqual({ p50Ms: 6, p95Ms: 6, maxMs: 15 });
    expect(work.cpu).toEqual({ p50Ms: 3, p95Ms: 3, maxMs: 7.5 });
  });

  it("counts only the frames between the page's run marks", () => {
    const work = frameWork(
      trace([
        threadName(MAIN, 'CrRendererMain'),
        ...frame(0, 1),
        task(2, 40),
        ...frame(50, 2),
        mark(66, RUN_MARKS.start),
        ...frame(66.7, 3),
        ...frame(83.4, 5),
        ...frame(100.1, 1),
        mark(101, RUN_MARKS.end),
        task(105, 25),
        ...frame(133.5, 1),
      ]),
    );
    expect(work.frames).toBe(2);
    expect(work.wall.maxMs).toBe(5);
  });

  it('reads a trace with no frames as none', () => {
    expect(frameWork(trace([threadName(MAIN, 'CrRendererMain')])).frames).toBe(0);
  });
});
