export const APP_ERROR_CODES = [
  'invalid-argument',
  'not-found',
  'conflict',
  'busy',
  'unauthorized',
  'unknown-method',
  'io',
  'internal',
] as const;
export type AppErrorCode = (typeof APP_ERROR_CODES)[number];

/** What crosses a process boundary when a call fails: never a stack trace. */
export type AppErrorData = Readonly<{ code: AppErrorCode; message: string }>;

export type Result<T> = Readonly<{ ok: true; value: T }> | Readonly<{ ok: false; error: AppErrorData }>;
