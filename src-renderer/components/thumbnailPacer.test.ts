import { describe, expect, it } from 'vitest';
import { StartPacer } from './thumbnailPacer.js';

/** A pacer on fake frames: `frame()` runs what asked for the next one, `started` lists the starts in order. */
function fakeFrames(framesToDrain?: number) {
  let pending: Array<() => void> = [];
  const started: string[] = [];
  const pacer = new StartPacer((callback) => pending.push(callback), framesToDrain);
  const frame = () => {
    const due = pending;
    pending = [];
    for (const callback of due) callback();
    return started.splice(0);
  };
  const queue = (...names: string[]) => names.map((name) => pacer.wait(() => started.push(name)));
  return { frame, queue, framesAsked: () => pending.length };
}

describe('thumbnail start pacing', () => {
  it('starts nothing at once, then one per frame in the order asked while few wait', () => {
    const frames = fakeFrames(8);
    frames.queue('a', 'b', 'c');
    expect(frames.framesAsked()).toBe(1);
    expect([frames.frame(), frames.frame(), frames.frame()]).toEqual([['a'], ['b'], ['c']]);
    expect(frames.frame()).toEqual([]);
  });

  it('starts each thumbnail within its frames of asking, however many wait, spreading them evenly', () => {
    const frames = fakeFrames(4);
    frames.queue(...Array.from({ length: 20 }, (_, i) => `t${i}`));
    expect(frames.frame()).toHaveLength(7);
    frames.queue('late');
    expect(frames.frame()).toHaveLength(7);
    expect(frames.frame()).toEqual(['t14', 't15', 't16', 't17', 't18', 't19', 'late']);
    expect(frames.frame()).toEqual([]);
  });

  it('never starts a withdrawn thumbnail, and asks for no frame with nothing waiting', () => {
    const frames = fakeFrames(8);
    const [cancelA] = frames.queue('a', 'b');
    cancelA!();
    expect(frames.frame()).toEqual(['b']);
    expect(frames.frame()).toEqual([]);
    expect(frames.framesAsked()).toBe(0);
  });

  it('asks for one frame however many wait, and again for those that arrive later', () => {
    const frames = fakeFrames(8);
    frames.queue('a', 'b');
    frames.queue('c');
    expect(frames.framesAsked()).toBe(1);
    expect(frames.frame()).toEqual(['a']);
    frames.queue('d');
    expect(frames.framesAsked()).toBe(1);
    expect([frames.frame(), frames.frame(), frames.frame()]).toEqual([['b'], ['c'], ['d']]);
  });
});
