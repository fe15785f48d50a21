export type Throttled = { (): void; readonly cancel: () => void };

/**
 * Runs `fn` at once, then at most once per `ms` while calls keep coming, with one trailing run so the last change is
 * never lost. Used for refreshing lists while a scan reports changes many times a second.
 */
export function throttle(fn: () => void, ms: number): Throttled {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pending = false;
  const run = () => {
    pending = false;
    fn();
    timer = setTimeout(() => {
      timer = null;
      if (pending) run();
    }, ms);
  };
  const throttled = () => {
    if (timer) pending = true;
    else run();
  };
  throttled.cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = false;
  };
  return throttled;
}
