export type Debounced = { (): void; readonly cancel: () => void };

/** Runs `fn` once calls have paused for `ms` (each call restarts the wait). Used for searching as the user types. */
export function debounce(fn: () => void, ms: number): Debounced {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const debounced = () => {
    cancel();
    timer = setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
  debounced.cancel = cancel;
  return debounced;
}
