import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelInfo } from '../../../src-shared/types/model.js';
import type { CoreConfig } from '../config.js';
import { AppError } from '../errors.js';
import { loadVerifiedModel, readManifest, type ModelEntry } from '../inference/modelManifest.js';

/*
 * The models folder as the user may inspect it in Settings: each model of the manifest, whether its file is the one
 * pinned, where its weights came from and their licence. Hashing ~55 MB of models takes a noticeable moment, so a
 * file is hashed again only when its size or modification time changes.
 */

export type ModelsService = Readonly<{ list(): ModelInfo[] }>;

type Check = Readonly<{ identity: string; state: ModelInfo['state']; problem: string | null }>;

export function createModelsService(config: Pick<CoreConfig, 'modelsDir'>): ModelsService {
  const checks = new Map<string, Check>();

  const check = (entry: ModelEntry): Check & { sizeBytes: number | null } => {
    const path = join(config.modelsDir, entry.file);
    let stats;
    try {
      stats = statSync(path);
    } catch {
      return {
        identity: 'missing',
        state: 'missing',
        problem: `${entry.file} is not built: run \`npm run models\``,
        sizeBytes: null,
      };
    }
    const identity = `${stats.size}:${stats.mtimeMs}:${entry.sha256 ?? ''}`;
    let known = checks.get(entry.id);
    if (known?.identity !== identity) {
      try {
        loadVerifiedModel(config.modelsDir, entry);
        known = { identity, state: 'ready', problem: null };
      } catch (error) {
        known = { identity, state: 'damaged', problem: error instanceof Error ? error.message : String(error) };
      }
      checks.set(entry.id, known);
    }
    return { ...known, sizeBytes: stats.size };
  };

  return {
    list() {
      let models: readonly ModelEntry[];
      try {
        models = readManifest(config.modelsDir).models;
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new AppError('unavailable', `the models manifest in ${config.modelsDir} cannot be read: ${reason}`);
      }
      return models.map((entry) => {
        const { state, problem, sizeBytes } = check(entry);
        return {
          id: entry.id,
          task: entry.task,
          source: { package: entry.source.package, version: entry.source.version },
          licence: { spdx: entry.licence.spdx, holder: entry.licence.holder },
          state,
          problem,
          sizeBytes,
        };
      });
    },
  };
}
