import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelsDir, readManifest, sha256 } from '../core/inference/modelManifest.js';
import { BUILDERS } from './builders/index.js';
import { cacheDirOf, sourceDir } from './sources/sourceFiles.js';

describe('models/manifest.json', () => {
  const modelsDir = defaultModelsDir();
  const manifest = readManifest(modelsDir);

  it.each(manifest.models.map((m) => [m.id, m] as const))(
    'pins what the current builder makes for %s',
    async (_id, entry) => {
      // Checks the installed package's version, or the registry tarball's integrity, and every source file's hash.
      const dir = await sourceDir(entry, cacheDirOf(modelsDir));
      const builder = BUILDERS[entry.builder];
      expect(builder, `builder ${entry.builder}`).toBeDefined();
      expect(sha256(builder!(dir))).toBe(entry.sha256);
    },
    60_000,
  );

  it('pins every extra file to a pinned source file with the same bytes', async () => {
    const withExtras = manifest.models.filter((m) => (m.extras ?? []).length > 0);
    expect(withExtras.map((m) => m.id)).toContain('text-recognizer');
    for (const entry of withExtras) {
      const dir = await sourceDir(entry, cacheDirOf(modelsDir));
      for (const extra of entry.extras ?? []) {
        const source = entry.source.files.find((f) => f.path === extra.from);
        expect(source?.sha256, `${entry.id}: ${extra.from} among source.files`).toBe(extra.sha256);
        expect(sha256(readFileSync(join(dir, extra.from)))).toBe(extra.sha256);
        expect(extra.file).not.toBe(entry.file);
      }
    }
  });

  it('records a licence and an input contract for every model', () => {
    for (const entry of manifest.models) {
      expect(entry.licence.spdx).toMatch(/^(Apache-2\.0|MIT|CC0-1\.0|BSD-3-Clause)$/);
      expect(entry.licence.notice.length).toBeGreaterThan(20);
      expect(Object.keys(entry.outputs).length).toBeGreaterThan(0);
    }
  });
});
