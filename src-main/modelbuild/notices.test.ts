import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelsDir, readManifest } from '../core/inference/modelManifest.js';
import { NOTICES_FILE, renderNotices } from './notices.js';

describe(NOTICES_FILE, () => {
  const modelsDir = defaultModelsDir();
  const manifest = readManifest(modelsDir);
  const shipped = readFileSync(join(modelsDir, '..', NOTICES_FILE), 'utf8');

  it('is what the manifest and packages make now (run `npm run notices` after changing either)', () => {
    expect(shipped).toBe(renderNotices(manifest));
  });

  it("carries every model's notice and WordNet's licence", () => {
    for (const model of manifest.models) expect(shipped).toContain(model.licence.notice);
    expect(shipped).toContain('WordNet 3.0 Copyright 2006 by Princeton University');
  });
});
