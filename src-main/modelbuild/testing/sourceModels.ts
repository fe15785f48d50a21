import { defaultModelsDir, readManifest } from '../../core/inference/modelManifest.js';
import { cacheDirOf, sourceDir } from '../sources/sourceFiles.js';

/**
 * Test-only: the verified source folder of a manifest model (for registry-tarball sources: packed into models/.cache
 * on first use, as `npm run models` does), so parity tests read exactly what the build converts.
 */
export async function manifestSourceDir(id: string): Promise<string> {
  const modelsDir = defaultModelsDir();
  const entry = readManifest(modelsDir).models.find((m) => m.id === id);
  if (!entry) throw new Error(`no model ${id} in the manifest`);
  return sourceDir(entry, cacheDirOf(modelsDir));
}
