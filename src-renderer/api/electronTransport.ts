import type { Result } from '../../src-shared/contract/errors.js';
import type { Transport } from './transport.js';

/** What src-main/electron/preload.cts exposes as `window.facets`. */
export type FacetsBridge = Readonly<{
  invoke(method: string, args: readonly unknown[]): Promise<Result<unknown>>;
  on(name: string, listener: (payload: unknown) => void): () => void;
  pathForFile(file: File): string | null;
}>;

declare global {
  interface Window {
    facets?: FacetsBridge;
  }
}

export function createElectronTransport(bridge: FacetsBridge): Transport {
  return {
    invoke: (method, args) => bridge.invoke(method, args),
    on: (name, listener) => bridge.on(name, listener as (payload: unknown) => void),
    pathForFile: (file) => bridge.pathForFile(file),
  };
}
