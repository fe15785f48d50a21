import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createCore, type Core } from '../core/createCore.js';
import { defaultConfig, resolveLibraryDir } from '../core/config.js';
import { DATABASE_FILE } from '../core/db/database.js';

export type GlobalOptions = Readonly<{ library?: string | undefined; workers?: string | undefined }>;

/**
 * Opens the library. Only commands that add to a library may create one: a mistyped --library on `people` or
 * `export` would otherwise answer "0 people" from a new, empty library and leave it behind.
 */
export function openCore(options: GlobalOptions, { create }: Readonly<{ create: boolean }>): Promise<Core> {
  const workers = options.workers === undefined ? undefined : Number.parseInt(options.workers, 10);
  if (workers !== undefined && !(workers >= 1 && workers <= 64))
    throw new Error('--workers takes a number from 1 to 64');
  const libraryDir = resolveLibraryDir(options.library);
  if (!create && !existsSync(join(libraryDir, DATABASE_FILE))) {
    throw new Error(`no library at ${libraryDir}: \`facets scan <folder> --library ${libraryDir}\` makes one`);
  }
  // The CLI runs each job itself, in order, so it never has the core chain one behind its back.
  return createCore(
    defaultConfig(libraryDir, {
      autoIndex: false,
      ...(workers ? { workerCount: workers } : {}),
    }),
  );
}
