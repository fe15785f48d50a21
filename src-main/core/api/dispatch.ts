import { ARG_SCHEMAS, isApiMethod, type ApiMethod, type AppApiHandlers } from '../../../src-shared/contract/methods.js';
import type { Result } from '../../../src-shared/contract/errors.js';
import { AppError, toErrorData } from '../errors.js';

export type Dispatch = (method: string, args: unknown) => Promise<Result<unknown>>;

type AnyHandler = (...args: readonly unknown[]) => unknown;

function handlerFor(handlers: AppApiHandlers, method: ApiMethod): AnyHandler {
  const [group, name] = method.split('.') as [keyof AppApiHandlers, string];
  return (handlers[group] as unknown as Record<string, AnyHandler>)[name]!.bind(handlers[group]);
}

/**
 * The single entry every transport calls (Electron IPC, the web host, tests): checks the method against the
 * allowlist, validates the arguments with the contract's schema, runs the handler and wraps the outcome in a Result.
 * Internal errors are reported by message only; stacks stay in main.
 */
export function createDispatch(
  handlers: AppApiHandlers,
  onInternalError: (method: string, error: unknown) => void,
): Dispatch {
  return async (method, args) => {
    if (!isApiMethod(method))
      return { ok: false, error: { code: 'unknown-method', message: `no such method: ${method}` } };
    const parsed = ARG_SCHEMAS[method].safeParse(args ?? []);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at ${issue.path.join('.')}` : '';
      return {
        ok: false,
        error: { code: 'invalid-argument', message: `${method}: ${issue?.message ?? 'invalid arguments'}${where}` },
      };
    }
    try {
      const value = await handlerFor(handlers, method)(...(parsed.data as readonly unknown[]));
      return { ok: true, value: value ?? null };
    } catch (error) {
      if (!(error instanceof AppError)) onInternalError(method, error);
      return { ok: false, error: toErrorData(error) };
    }
  };
}
