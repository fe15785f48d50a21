import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS } from './ipcChannels.js';

// The sandboxed preload cannot import ipcChannels.ts, so it repeats the channel names; this keeps them in step.
describe('preload channel names', () => {
  const preload = readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');

  it('match the channels main listens and sends on', () => {
    expect(preload).toContain(`const RPC_CHANNEL = '${IPC_CHANNELS.rpc}';`);
    expect(preload).toContain(`const EVENT_CHANNEL = '${IPC_CHANNELS.event}';`);
  });
});
