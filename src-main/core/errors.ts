import type { AppErrorCode, AppErrorData } from '../../src-shared/contract/errors.js';

/** The one error type core throws on purpose; transports turn it into a Result without a stack trace. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function toErrorData(error: unknown): AppErrorData {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
