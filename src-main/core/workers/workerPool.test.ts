import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelsDir } from '../inference/modelManifest.js';
import { createWorkerPool } from './workerPool.js';

const SAMPLE = resolve('node_modules', '@vladmandic', 'face-api', 'demo', 'sample1.jpg');

describe('the worker pool', () => {
  it('closes after inference in every worker (each releases its sessions and lets libvips finish first), and a new pool works again', async () => {
    for (let round = 0; round < 2; round++) {
      const pool = createWorkerPool(2);
      // Faces and the scene stage: every model family the index job loads, in both workers.
      const task = {
        path: Buffer.from(SAMPLE),
        modelsDir: defaultModelsDir(),
        threads: 1,
        maxPixels: 50_000_000,
        scene: { knownFaces: [] },
      };
      const results = await Promise.all([1, 2, 3, 4].map(() => pool.run('analyzePhoto', task)));
      for (const result of results) expect(result).toMatchObject({ kind: 'analyzed', scene: { kind: 'described' } });
      await pool.close();
    }
  }, 120_000);
});
