import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import type { Result } from '../../src-shared/contract/errors.js';
import { APP_EVENT_NAMES, type AppEvents } from '../../src-shared/contract/events.js';
import type { Dispatch } from '../core/api/dispatch.js';
import type { EventBus } from '../core/util/eventBus.js';
import { IPC_CHANNELS } from './ipcChannels.js';

/**
 * Only the app's own top-level page may call in: not an iframe, not a page some bug navigated to. senderFrame is
 * null when the frame has already gone away.
 */
function isTrustedSender(event: IpcMainInvokeEvent, isAppUrl: (url: string) => boolean): boolean {
  const frame = event.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url);
}

/**
 * One channel for the whole AppApi. Method names and arguments are not trusted here: dispatch checks the method
 * against API_METHODS and the arguments against ARG_SCHEMAS, exactly as it does for the web host.
 */
export function registerIpc(dispatch: Dispatch, isAppUrl: (url: string) => boolean): () => void {
  ipcMain.handle(IPC_CHANNELS.rpc, async (event, method: unknown, args: unknown): Promise<Result<unknown>> => {
    if (!isTrustedSender(event, isAppUrl))
      return { ok: false, error: { code: 'unauthorized', message: 'untrusted sender' } };
    if (typeof method !== 'string')
      return { ok: false, error: { code: 'unknown-method', message: 'method must be a string' } };
    return dispatch(method, args);
  });
  return () => ipcMain.removeHandler(IPC_CHANNELS.rpc);
}

/** Pushes every core event to one window until it is destroyed. */
export function forwardEvents(events: EventBus<AppEvents>, webContents: WebContents): void {
  const unsubscribers = APP_EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      if (!webContents.isDestroyed()) webContents.send(IPC_CHANNELS.event, name, payload);
    }),
  );
  webContents.once('destroyed', () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
}
