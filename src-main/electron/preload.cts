/*
 * The sandboxed preload: the renderer's only door to main, exposed as `window.facets`.
 *
 * Why it does not check method names against API_METHODS: a sandboxed preload can require only 'electron' (and a
 * few polyfilled builtins), never our own modules, and API_METHODS lives in an ES module that also pulls in zod.
 * A copied list would drift from the contract. The check that matters happens in main, where nothing from the
 * renderer is trusted: ipcServer verifies the sending frame, and dispatch validates the method against API_METHODS
 * and the arguments against ARG_SCHEMAS. Here we only refuse what cannot be a method call at all, and keep the
 * raw ipcRenderer (and its event objects, which expose `sender`) away from the page.
 *
 * CommonJS (.cts → .cjs) because sandboxed preloads cannot be ES modules.
 */
import electron = require('electron');

// Repeated from ipcChannels.ts (this file cannot import it); ipcChannels.test.ts checks they agree.
const RPC_CHANNEL = 'facets:rpc';
const EVENT_CHANNEL = 'facets:event';
const METHOD_SHAPE = /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/;

type Failure = { ok: false; error: { code: 'unknown-method' | 'invalid-argument'; message: string } };
type DroppedFile = Parameters<typeof electron.webUtils.getPathForFile>[0];
type Listener = (payload: unknown) => void;

const listeners = new Map<string, Set<Listener>>();

// One IPC listener fans out to the page's subscribers (and stays clear of EventEmitter's listener limit).
electron.ipcRenderer.on(EVENT_CHANNEL, (_event, name: unknown, payload: unknown) => {
  if (typeof name !== 'string') return;
  for (const listener of listeners.get(name) ?? []) listener(payload);
});

const failure = (code: Failure['error']['code'], message: string): Promise<Failure> =>
  Promise.resolve({ ok: false, error: { code, message } });

const bridge = {
  invoke(method: unknown, args: unknown): Promise<unknown> {
    if (typeof method !== 'string' || !METHOD_SHAPE.test(method)) return failure('unknown-method', 'not a method name');
    if (!Array.isArray(args)) return failure('invalid-argument', 'args must be an array');
    return electron.ipcRenderer.invoke(RPC_CHANNEL, method, args);
  },
  on(name: unknown, listener: unknown): () => void {
    if (typeof name !== 'string' || typeof listener !== 'function') throw new TypeError('on(name, listener)');
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    const wrapped: Listener = (payload) => (listener as Listener)(payload);
    set.add(wrapped);
    return () => {
      set.delete(wrapped);
    };
  },
  /** The absolute path of a file or folder dropped onto the page; null for files that have none. */
  pathForFile(file: DroppedFile): string | null {
    return electron.webUtils.getPathForFile(file) || null;
  },
};

electron.contextBridge.exposeInMainWorld('facets', bridge);
