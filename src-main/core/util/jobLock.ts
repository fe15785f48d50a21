import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { AppError } from '../errors.js';

export type JobLock = Readonly<{ release(): void }>;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid holding the lock file, or null when nobody alive holds it. */
export function lockHolder(file: string): number | null {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return null;
  }
  return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * One process at a time runs jobs on a library (the CLI, the app and the web host may all open it). The lock file
 * holds the owner's pid; a lock left by a killed process is taken over, which is how a crashed scan gets resumed.
 */
export function acquireJobLock(file: string): JobLock {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return {
        release: () => {
          if (lockHolder(file) === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = lockHolder(file);
      if (holder === process.pid)
        throw new AppError('busy', 'a job is already running on this library in this process');
      if (holder !== null)
        throw new AppError('busy', `another Facets process (pid ${holder}) is running a job on this library`);
      rmSync(file, { force: true });
    }
  }
  throw new AppError('busy', 'could not take the library job lock');
}
