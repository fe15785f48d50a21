/**
 * The two IPC channels between preload and main. preload.cts cannot import this module (a sandboxed preload can
 * only require 'electron'), so it repeats the strings; ipcChannels.test.ts keeps the two in step.
 */
export const IPC_CHANNELS = {
  /** renderer → main: invoke(method, args) answered with a Result. */
  rpc: 'facets:rpc',
  /** main → renderer: (eventName, payload) for every AppEvents event. */
  event: 'facets:event',
} as const;
