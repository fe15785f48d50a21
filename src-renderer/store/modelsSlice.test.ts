import { describe, expect, it } from 'vitest';
import type { ModelInfo } from '../../src-shared/types/model.js';
import { createApiClient } from '../api/client.js';
import { createFakeTransport } from '../api/fakeTransport.js';
import { selectModels, selectModelsLoad } from './selectors.js';
import { createAppStore } from './useAppStore.js';

const detector: ModelInfo = {
  id: 'face-detector',
  task: 'face detection',
  source: { package: '@vladmandic/human', version: '3.3.6' },
  licence: { spdx: 'Apache-2.0', holder: 'Google LLC' },
  state: 'ready',
  problem: null,
  sizeBytes: 619_046,
};

describe('models slice', () => {
  it('loads the models main lists', async () => {
    const fake = createFakeTransport((method) =>
      method === 'models.list'
        ? { ok: true, value: [detector] }
        : { ok: false, error: { code: 'internal', message: method } },
    );
    const store = createAppStore(createApiClient(fake.transport));
    await store.getState().loadModels();
    expect(selectModels(store.getState())).toEqual([detector]);
    expect(selectModelsLoad(store.getState())).toEqual({ loading: false, error: null });
  });

  it('keeps what it had and says why when main cannot list them', async () => {
    let fail = false;
    const fake = createFakeTransport(() =>
      fail
        ? { ok: false, error: { code: 'unavailable', message: 'the models manifest cannot be read' } }
        : { ok: true, value: [detector] },
    );
    const store = createAppStore(createApiClient(fake.transport));
    await store.getState().loadModels();
    fail = true;
    await store.getState().loadModels();
    expect(selectModels(store.getState())).toEqual([detector]);
    expect(selectModelsLoad(store.getState()).error).toMatch(/manifest cannot be read/);
  });
});
