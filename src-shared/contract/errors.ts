export const APP_ERROR_CODES = [
  'invalid-argument',
  'not-found',
  'conflict',
  'busy',
  'unauthorized',
  'unknown-method',
  'io',
  /** Something the call needs is not installed or built (e.g. the face models). */
  'unavailable',
  'internal',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** What crosses a process boundary when a call fails: never a stack trace. */
export type AppErrorData = Readonly<{ code: AppErrorCode; message: string }>;

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: AppErrorData }>;
