import { useLayoutEffect, useRef, useState } from 'react';

/** Over this speed (px per ms) a grid row crosses a 900 px window in about half a second. */
export const FAST_SCROLL_PX_PER_MS = 1.5;

/** Where the scroll was, when, and its smoothed speed (px per ms) until then. */
export type ScrollSample = Readonly<{ offset: number; time: number; speed: number }>;

/**
 * The next sample: the speed since the previous one, averaged half and half with the speed before, so one scroll
 * event that came late or early does not flip the grid. A scroll that had stopped starts again from rest.
 */
export function nextScrollSample(
  previous: ScrollSample | null,
  offset: number,
  time: number,
  scrolling: boolean,
): ScrollSample {
  if (!previous || !scrolling) return { offset, time, speed: 0 };
  const instant = Math.abs(offset - previous.offset) / Math.max(1, time - previous.time);
  return { offset, time, speed: 0.5 * previous.speed + 0.5 * instant };
}

/**
 * Whether the page scrolls too fast for new thumbnails to be worth fetching: each costs a request, a decode and a
 * raster on the frames the scroll needs, and in a fling it is gone before it is seen (photo apps show placeholders
 * while flinging for the same reason). False again once the scroll slows or stops.
 */
export function useFastScroll(offset: number, scrolling: boolean): boolean {
  const last = useRef<ScrollSample | null>(null);
  const [fast, setFast] = useState(false);
  // A layout effect, so a grid turning fast drops the new tiles' images before they are painted or fetched.
  useLayoutEffect(() => {
    last.current = nextScrollSample(last.current, offset, performance.now(), scrolling);
    setFast(last.current.speed > FAST_SCROLL_PX_PER_MS);
  }, [offset, scrolling]);
  return fast;
}
