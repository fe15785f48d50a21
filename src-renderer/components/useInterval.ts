import { useEffect, useRef } from 'react';

/** Calls `tick` every `ms` while `active`; the latest `tick` is used, so callers need not memoize it. */
export function useInterval(active: boolean, ms: number, tick: () => void): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [active, ms]);
}
