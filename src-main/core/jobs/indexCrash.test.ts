import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/database.js';
import { faceIndexHealth, libraryHealth, unfinishedJobPhase } from '../db/diagnostics.js';
import { removeDir, tempDir } from '../../testing/fixtures.js';

/*
 * Face indexing killed at random moments (SIGKILL of the real CLI) and resumed: in the end every photo's faces exist
 * exactly once, each with its descriptor, and match a library indexed without interruption.
 */
const CLI = resolve('bin', 'facets.js');
const SAMPLES = resolve('node_modules', '@vladmandic', 'face-api', 'demo');
const COPIES = 4;
const KILLS = 10;

let photosDir: string;
let killedLibrary: string;
let cleanLibrary: string;

beforeAll(async () => {
  photosDir = await tempDir('index-crash-photos');
  killedLibrary = await tempDir('index-crash-killed');
  cleanLibrary = await tempDir('index-crash-clean');
  // Different bytes per copy (quality varies), so each copy is its own photo with its own faces.
  for (let n = 1; n <= 6; n++) {
    for (let copy = 0; copy < COPIES; copy++) {
      await sharp(join(SAMPLES, `sample${n}.jpg`))
        .jpeg({ quality: 80 + copy })
        .toFile(join(photosDir, `sample${n}-${copy}.jpg`));
    }
  }
});

afterAll(async () => {
  for (const dir of [photosDir, killedLibrary, cleanLibrary]) await removeDir(dir);
});

function runCli(args: string[], killAfterMs: number | null) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: 'ignore' });
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      done({ code, signal });
    });
  });
}

function inspect(library: string) {
  const db = openDatabase(join(library, 'library.db'), { readonly: true });
  try {
    return { faces: faceIndexHealth(db), library: libraryHealth(db), phase: unfinishedJobPhase(db) };
  } finally {
    db.close();
  }
}

describe('face indexing survives SIGKILL', () => {
  it(`resumes after ${KILLS} kills with every photo's faces present exactly once`, async () => {
    expect(existsSync(join('models', 'face-detector.onnx')), 'models must be built (npm run models)').toBe(true);
    expect((await runCli(['scan', photosDir, '--library', cleanLibrary], null)).code).toBe(0);
    const reference = inspect(cleanLibrary).faces;
    expect(reference.photosMarked).toBe(6 * COPIES);
    expect(reference.faces).toBeGreaterThan(6 * COPIES * 3);

    expect((await runCli(['scan', photosDir, '--library', killedLibrary, '--no-faces'], null)).code).toBe(0);
    let killed = 0;
    let seed = 20261122;
    for (let run = 0; run < 40 && killed < KILLS; run++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const outcome = await runCli(['scan', '--library', killedLibrary], 700 + (seed % 2500));
      if (outcome.signal !== 'SIGKILL') break; // indexing finished before the kill: nothing left to interrupt
      killed += 1;
    }
    expect((await runCli(['scan', '--library', killedLibrary], null)).code).toBe(0);
    console.log(`index crash test: ${killed} SIGKILLs during indexing`);
    expect(killed).toBeGreaterThanOrEqual(5);

    const after = inspect(killedLibrary);
    expect(after.library.integrity).toBe('ok');
    expect(after.library.unfinishedJobs).toBe(0);
    expect(after.faces.orphans).toBe(0);
    expect(after.faces.embeddings).toBe(after.faces.faces);
    const rename = (byPath: Readonly<Record<string, number>>) =>
      Object.fromEntries(Object.entries(byPath).map(([path, n]) => [path.slice(photosDir.length), n]));
    expect(rename(after.faces.facesByPath)).toEqual(rename(reference.facesByPath));
  }, 600_000);
});
