/*
 * An in-memory Transport for store and component tests (never shipped: only tests import it). Calls are answered by
 * the given function and recorded; events are emitted by the test.
 */
import type { Result } from '../../src-shared/contract/errors.js';
import type { AppEventName, AppEvents } from '../../src-shared/contract/events.js';
import type { Transport } from './transport.js';

export type FakeAnswer = (method: string, args: readonly unknown[]) => Result<unknown>;

export function createFakeTransport(answer: FakeAnswer) {
  const calls: Array<[string, readonly unknown[]]> = [];
  const listeners = new Map<AppEventName, Set<(payload: never) => void>>();
  const transport: Transport = {
    async invoke(method, args) {
      calls.push([method, args]);
      return answer(method, args);
    },
    on(name, listener) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      set.add(listener as (payload: never) => void);
      return () => set.delete(listener as (payload: never) => void);
    },
    pathForFile: () => null,
  };
  const emit = <K extends AppEventName>(name: K, payload: AppEvents[K]) => {
    for (const listener of listeners.get(name) ?? []) (listener as (payload: AppEvents[K]) => void)(payload);
  };
  return {
    transport,
    calls,
    emit,
    /** Calls of one method, by their arguments. */
    callsOf: (method: string) => calls.filter(([name]) => name === method).map(([, args]) => args),
    listenerCount: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
  };
}

export const ok = (value: unknown): Result<unknown> => ({ ok: true, value });
