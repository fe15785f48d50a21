import { createCore, type Core } from '../core/createCore.js';
import { defaultConfig, resolveLibraryDir } from '../core/config.js';

export type GlobalOptions = Readonly<{ library?: string | undefined; workers?: string | undefined }>;

export function openCore(options: GlobalOptions): Promise<Core> {
  const workers = options.workers === undefined ? undefined : Number.parseInt(options.workers, 10);
  if (workers !== undefined && !(workers >= 1 && workers <= 64))
    throw new Error('--workers takes a number from 1 to 64');
  // The CLI runs each job itself, in order, so it never has the core chain one behind its back.
  return createCore(
    defaultConfig(resolveLibraryDir(options.library), {
      autoIndex: false,
      ...(workers ? { workerCount: workers } : {}),
    }),
  );
}
