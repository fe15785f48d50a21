import { copyFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../testing/fixtures.js';
import { defaultModelsDir, MANIFEST_FILE } from '../inference/modelManifest.js';
import { createModelsService } from './modelsService.js';

let modelsDir: string;
beforeEach(async () => {
  modelsDir = await tempDir('models');
  copyFileSync(join(defaultModelsDir(), MANIFEST_FILE), join(modelsDir, MANIFEST_FILE));
});
afterEach(async () => {
  await removeDir(modelsDir);
});

describe('the models list', () => {
  it('says of each model whether its file is the pinned one, with its source and licence', () => {
    copyFileSync(join(defaultModelsDir(), 'face-detector.onnx'), join(modelsDir, 'face-detector.onnx'));
    writeFileSync(join(modelsDir, 'face-descriptor.onnx'), 'not a model');
    const models = createModelsService({ modelsDir }).list();
    const byId = new Map(models.map((m) => [m.id, m]));
    expect(byId.get('face-detector')).toMatchObject({
      state: 'ready',
      problem: null,
      source: { package: '@vladmandic/human', version: '3.3.6' },
      licence: { spdx: 'Apache-2.0' },
    });
    expect(byId.get('face-descriptor')).toMatchObject({ state: 'damaged', sizeBytes: 11 });
    expect(byId.get('face-descriptor')?.problem).toMatch(/sha-256/);
    expect(byId.get('face-landmarks')).toMatchObject({ state: 'missing', sizeBytes: null });
    expect(byId.get('face-landmarks')?.problem).toMatch(/npm run models/);
  });

  it('checks a file again when it changes, and only then', () => {
    const service = createModelsService({ modelsDir });
    const detector = join(modelsDir, 'face-detector.onnx');
    const state = () => service.list().find((m) => m.id === 'face-detector')?.state;
    copyFileSync(join(defaultModelsDir(), 'face-detector.onnx'), detector);
    expect(state()).toBe('ready');
    writeFileSync(detector, 'damaged on disk');
    utimesSync(detector, new Date(), new Date(Date.now() + 5000));
    expect(state()).toBe('damaged');
  });

  it('refuses clearly when the manifest cannot be read', () => {
    writeFileSync(join(modelsDir, MANIFEST_FILE), '{ not json');
    expect(() => createModelsService({ modelsDir }).list()).toThrow(/manifest .* cannot be read/);
  });
});
