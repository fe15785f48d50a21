import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { openDatabase } from '../db/database.js';
import { libraryHealth, unfinishedJobPhase } from '../db/diagnostics.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir, writeJpeg } from '../../testing/fixtures.js';
import { diffHashes, hashTree } from '../../testing/treeHash.js';

/*
 * The crash test of the acceptance criteria: the real CLI is SIGKILLed at random moments, over and over, and each
 * time resumed; at the end the database must be intact and hold every file exactly once.
 */
const CLI = resolve('bin', 'facets.js');
const BUILT = resolve('out', 'src-main', 'cli', 'main.js');
const FILES = 800;
const KILLS = 24;
const MAX_RUNS = 80;

let photosDir: string;
let libraryDir: string;

beforeAll(async () => {
  photosDir = await tempDir('crash-photos');
  libraryDir = await tempDir('crash-library');
  for (let i = 0; i < FILES; i++)
    await writeJpeg(join(photosDir, `d${i % 7}`, `e${i % 3}`, `p${i}.jpg`), i + 1, 320, 240);
});

afterAll(async () => {
  await removeDir(photosDir);
  await removeDir(libraryDir);
});

function runCli(killAfterMs: number | null): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, 'scan', photosDir, '--library', libraryDir, '--no-faces'], {
      stdio: 'ignore',
    });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal });
    });
  });
}

/** Where the killed run was, as its database tells (the job phase is persisted about once a second). */
function phaseAtKill(file: string): string {
  if (!existsSync(file)) return 'starting';
  const db = openDatabase(file, { readonly: true });
  try {
    const phase = unfinishedJobPhase(db);
    return phase === undefined ? 'between jobs' : (phase ?? 'starting');
  } finally {
    db.close();
  }
}

/** A deterministic pseudo-random sequence, so a failing run can be replayed. */
function* randomDelays(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    yield 100 + (x % 1600);
  }
}

describe('scan survives SIGKILL', () => {
  it(`resumes after ${KILLS} kills at random moments with an intact index holding every file once`, async () => {
    expect(existsSync(BUILT), 'the CLI must be built first (npm run build)').toBe(true);
    let before = await hashTree(photosDir);
    const delays = randomDelays(Number(process.env['FACETS_CRASH_SEED'] ?? 20261122));
    let killed = 0;
    let completed = 0;
    let fileCount = FILES;
    const phases: Record<string, number> = {};
    for (let run = 0; run < MAX_RUNS && killed < KILLS; run++) {
      const delay = delays.next().value as number;
      const outcome = await runCli(delay);
      if (outcome.signal === 'SIGKILL') {
        killed += 1;
        const phase = phaseAtKill(join(libraryDir, 'library.db'));
        phases[phase] = (phases[phase] ?? 0) + 1;
      } else {
        expect(outcome.code).toBe(0);
        // A scan that finished before the kill: change the tree so the next runs have new, changed and deleted files.
        completed += 1;
        for (let i = 0; i < 40; i++)
          await writeJpeg(
            join(photosDir, 'changed', `c${completed}-${i}.jpg`),
            100_000 + completed * 100 + i,
            320,
            240,
          );
        for (let i = 0; i < 20; i++)
          await writeJpeg(
            join(photosDir, `d${i % 7}`, `e${i % 3}`, `p${i}.jpg`),
            50_000 + completed * 100 + i,
            320,
            240,
          );
        await rm(join(photosDir, `d${completed % 7}`, `e${completed % 3}`, `p${completed + 600}.jpg`), { force: true });
        fileCount = (await hashTree(photosDir)).size;
        before = await hashTree(photosDir);
      }
    }
    const last = await runCli(null);
    expect(last.code).toBe(0);
    console.log(
      `crash test: ${killed} SIGKILLs (${completed} runs finished first), by phase at the kill: ${JSON.stringify(phases)}`,
    );
    expect(killed).toBeGreaterThanOrEqual(20);

    const db = openDatabase(join(libraryDir, 'library.db'), { readonly: true });
    try {
      expect(libraryHealth(db)).toEqual({
        integrity: 'ok',
        foreignKeyViolations: 0,
        photos: fileCount,
        distinctPaths: fileCount,
        ok: fileCount,
        thumbnails: fileCount,
        pendingScanEntries: 0,
        unfinishedJobs: 0,
      });
    } finally {
      db.close();
    }
    expect(diffHashes(before, await hashTree(photosDir))).toEqual([]);
  }, 600_000);
});
