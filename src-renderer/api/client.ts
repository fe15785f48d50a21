import type { AppApi } from '../../src-shared/contract/api.js';
import type { AppErrorCode } from '../../src-shared/contract/errors.js';
import type { Transport } from './transport.js';

/** A failed call, as the renderer sees it: the contract's error code and message, never a stack from main. */
export class ApiError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly method: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * JSON turns a trailing `undefined` into `null`, which the contract's optional arguments reject; trimming them makes
 * `startScan()` and `startScan(undefined)` the same call on every transport.
 */
function trimTrailingUndefined(args: readonly unknown[]): unknown[] {
  let end = args.length;
  while (end > 0 && args[end - 1] === undefined) end--;
  return args.slice(0, end);
}

/**
 * AppApi over any transport: `api.library.status()` becomes `invoke('library.status', [])` (the `group.method` proxy of
 * LobeHub / VS Code's ProxyChannel). Results are unwrapped; failures throw ApiError. Unknown names are not checked
 * here: the type checker refuses them in our code, and main refuses them at runtime.
 */
export function createApiClient(transport: Transport): AppApi {
  const groups = new Map<string, Record<string, AnyMethod>>();
  const groupProxy = (group: string) =>
    new Proxy({} as Record<string, AnyMethod>, {
      get(cache, name) {
        if (typeof name !== 'string' || name === 'then') return undefined;
        const method = `${group}.${name}`;
        return (cache[name] ??= async (...args: unknown[]) => {
          const result = await transport.invoke(method, trimTrailingUndefined(args));
          if (!result.ok) throw new ApiError(result.error.code, result.error.message, method);
          return result.value;
        });
      },
    });
  return new Proxy({} as AppApi, {
    get(_target, group) {
      // `then` must stay undefined, or awaiting the client would treat it as a promise.
      if (typeof group !== 'string' || group === 'then') return undefined;
      let proxy = groups.get(group);
      if (!proxy) groups.set(group, (proxy = groupProxy(group)));
      return proxy;
    },
  });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
