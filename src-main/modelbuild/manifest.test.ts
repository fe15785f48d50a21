import { describe, expect, it } from 'vitest';
import { defaultModelsDir, readManifest, sha256 } from '../core/inference/modelManifest.js';
import { BUILDERS } from './builders/index.js';
import { packageDir, packageVersion } from './packageFiles.js';

describe('models/manifest.json', () => {
  const manifest = readManifest(defaultModelsDir());

  it.each(manifest.models.map((m) => [m.id, m] as const))(
    'pins what the current builder makes for %s',
    (_id, entry) => {
      const dir = packageDir(entry.source.package);
      expect(packageVersion(dir)).toBe(entry.source.version);
      const builder = BUILDERS[entry.builder];
      expect(builder, `builder ${entry.builder}`).toBeDefined();
      expect(sha256(builder!(dir))).toBe(entry.sha256);
    },
  );

  it('records a licence and an input contract for every model', () => {
    for (const entry of manifest.models) {
      expect(entry.licence.spdx).toMatch(/^(Apache-2\.0|MIT|CC0-1\.0|BSD-3-Clause)$/);
      expect(entry.licence.notice.length).toBeGreaterThan(20);
      expect(Object.keys(entry.outputs).length).toBeGreaterThan(0);
    }
  });
});
