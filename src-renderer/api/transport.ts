/*
 * How the renderer reaches main: Electron IPC (electronTransport) or the loopback web host (httpTransport). The rest
 * of the renderer sees only AppApi through client.ts; it never imports Node, Electron or anything in src-main.
 */
import type { Result } from '../../src-shared/contract/errors.js';
import type { AppEventName, AppEvents } from '../../src-shared/contract/events.js';

export interface Transport {
  /** Calls `group.method` with positional arguments; failures come back as a Result, never as a rejection. */
  invoke(method: string, args: readonly unknown[]): Promise<Result<unknown>>;
  on<K extends AppEventName>(name: K, listener: (payload: AppEvents[K]) => void): () => void;
  /** Absolute path of a dropped file or folder where the host can know it (Electron); null in a browser. */
  pathForFile(file: File): string | null;
}
