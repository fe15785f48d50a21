import { describe, expect, it } from 'vitest';
import type { Result } from '../../src-shared/contract/errors.js';
import type { RootId } from '../../src-shared/types/ids.js';
import { ApiError, createApiClient } from './client.js';
import type { Transport } from './transport.js';

function fakeTransport(answer: (method: string, args: readonly unknown[]) => Result<unknown>) {
  const calls: Array<[string, readonly unknown[]]> = [];
  const transport: Transport = {
    async invoke(method, args) {
      calls.push([method, args]);
      return answer(method, args);
    },
    on: () => () => undefined,
    pathForFile: () => null,
  };
  return { transport, calls };
}

describe('createApiClient', () => {
  it('turns group.method calls into invoke and unwraps the value', async () => {
    const { transport, calls } = fakeTransport(() => ({ ok: true, value: { roots: [] } }));
    const api = createApiClient(transport);
    await expect(api.library.status()).resolves.toEqual({ roots: [] });
    await api.library.addRoot('/photos');
    expect(calls).toEqual([
      ['library.status', []],
      ['library.addRoot', ['/photos']],
    ]);
  });

  it('drops trailing undefined arguments, which JSON would turn into null', async () => {
    const { transport, calls } = fakeTransport(() => ({ ok: true, value: null }));
    const api = createApiClient(transport);
    await api.library.startScan(undefined);
    await api.library.startScan([1 as RootId]);
    expect(calls).toEqual([
      ['library.startScan', []],
      ['library.startScan', [[1]]],
    ]);
  });

  it('throws ApiError with the code and message of a failed Result', async () => {
    const { transport } = fakeTransport(() => ({ ok: false, error: { code: 'conflict', message: 'already a root' } }));
    const failure = await createApiClient(transport)
      .library.addRoot('/x')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ code: 'conflict', message: 'already a root', method: 'library.addRoot' });
  });

  it('is not mistaken for a promise when awaited', async () => {
    const { transport } = fakeTransport(() => ({ ok: true, value: null }));
    const api = createApiClient(transport);
    await expect(Promise.resolve(api)).resolves.toBe(api);
  });
});
