import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { openMemoryDatabase, type Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { upsertPhoto } from '../db/repos/photosRepo.js';
import { markStageDone, type StageWork } from '../db/repos/photoJobsRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import { photoWrite } from '../db/testing.js';
import { AppError } from '../errors.js';
import { removeDir, tempDir } from '../../testing/fixtures.js';
import { createJobRunner, type JobRunner } from './jobRunner.js';
import { runPhotoStageJob } from './photoStageJob.js';

const PHOTOS = 12;
const WINDOW = 3;
const STAGE = { stage: 'pause-test', version: '1' };

/** A test fake of per-photo analysis: each photo waits until the test lets it through, so nothing hangs on timing. */
function gatedAnalysis() {
  const waiting: Array<{ id: number; release: () => void }> = [];
  let open = false;
  return {
    started: [] as number[],
    analyze(photo: StageWork): Promise<void> {
      this.started.push(photo.id);
      if (open) return Promise.resolve();
      return new Promise((release) => waiting.push({ id: photo.id, release }));
    },
    inFlight: () => waiting.length,
    /** Lets every photo waiting now through. */
    releaseAll() {
      for (const w of waiting.splice(0)) w.release();
    },
    /** From now on photos go straight through. */
    open() {
      open = true;
      this.releaseAll();
    },
  };
}

/** Resolves once `ready()` holds, checking after every turn of the event loop (no wall-clock window). */
async function until(ready: () => boolean): Promise<void> {
  for (let turn = 0; !ready(); turn++) {
    if (turn > 10_000) throw new Error('condition never held');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('pausing and resuming a job', () => {
  let db: Db;
  let libraryDir: string;
  let runner: JobRunner;
  let events: JobProgress[];
  let writes: Map<number, number>;
  let gate: ReturnType<typeof gatedAnalysis>;

  beforeEach(async () => {
    db = openMemoryDatabase();
    libraryDir = await tempDir('job-pause');
    events = [];
    writes = new Map();
    gate = gatedAnalysis();
    runner = createJobRunner(db, libraryDir, (p) => events.push(p));
    const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
    for (let i = 0; i < PHOTOS; i++) upsertPhoto(db, photoWrite(root, `/pics/${i}.jpg`), 'now');
  });

  afterEach(async () => {
    await runner.shutdown();
    db.close();
    await removeDir(libraryDir);
  });

  /** Starts the test job on `on`, as a service would: `prepare` picks the job (a new one, or one to take up). */
  function start(on = runner, prepare = () => jobs.createJob(db, 'index', new Date().toISOString())): JobProgress {
    const emit = (p: JobProgress) => {
      on.record(p);
      events.push(p);
    };
    return on.start(prepare, (jobId, signal) =>
      runPhotoStageJob(
        { db, window: WINDOW, emit },
        {
          kind: 'index',
          stages: [STAGE],
          analyze: (photo) => gate.analyze(photo),
          write(photo, _result, at) {
            writes.set(photo.id, (writes.get(photo.id) ?? 0) + 1);
            markStageDone(db, photo.id, STAGE.stage, STAGE.version, null, at);
            return { problem: false };
          },
        },
        jobId,
        signal,
      ),
    );
  }

  /** Starts the job, lets a few photos through, and pauses it with a full window in flight. */
  async function startAndPause(): Promise<JobProgress> {
    const { jobId } = start();
    await until(() => gate.inFlight() === WINDOW);
    gate.releaseAll();
    await until(() => gate.inFlight() === WINDOW);
    const pausing = runner.pause(jobId);
    // The photos in flight when the pause came finish and are written: nothing done is thrown away.
    gate.releaseAll();
    return pausing;
  }

  it('stops dispatching at a safe point, keeps what was written, and reads as paused in events and the DB', async () => {
    const paused = await startAndPause();
    expect(paused).toMatchObject({ state: 'paused', done: 2 * WINDOW, total: PHOTOS });
    expect(gate.started).toHaveLength(2 * WINDOW);
    expect(writes.size).toBe(2 * WINDOW);
    expect(runner.activeJobId()).toBeNull();
    expect(events.at(-1)).toMatchObject({ jobId: paused.jobId, state: 'paused', done: 2 * WINDOW });
    expect(jobs.getJob(db, paused.jobId)).toMatchObject({ state: 'paused', done: 2 * WINDOW });
    expect(runner.list(true).map((j) => j.state)).toEqual(['paused']);
    // Paused twice is still paused.
    expect(await runner.pause(paused.jobId)).toMatchObject({ state: 'paused' });
    // Nothing more is dispatched while it stays paused.
    await until(() => true);
    expect(gate.started).toHaveLength(2 * WINDOW);
  });

  it('resumes where it stopped and processes every photo exactly once', async () => {
    const paused = await startAndPause();
    gate.open();
    const resumed = await runner.resume(paused.jobId);
    expect(resumed).toMatchObject({ jobId: paused.jobId, state: 'running' });
    const final = await runner.wait(paused.jobId);
    expect(final).toMatchObject({ state: 'done', done: PHOTOS, total: PHOTOS });
    expect(writes.size).toBe(PHOTOS);
    expect([...writes.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(gate.started).size).toBe(gate.started.length);
    expect(events.at(-1)).toMatchObject({ state: 'done' });
  });

  it('cancels a paused job for good', async () => {
    const paused = await startAndPause();
    expect(runner.cancel(paused.jobId)).toMatchObject({ state: 'cancelled', done: 2 * WINDOW });
    await expect(runner.resume(paused.jobId)).rejects.toThrow(/job \d+ is cancelled: only a paused job can be resumed/);
    expect(runner.list(true)).toEqual([]);
  });

  it('refuses to pause a finished or unknown job and to resume one that is not paused, with clear errors', async () => {
    gate.open();
    const { jobId } = start();
    expect(await runner.resume(jobId)).toMatchObject({ state: 'running' });
    await runner.wait(jobId);
    await expect(runner.pause(jobId)).rejects.toThrow(`job ${jobId} is done: only a running job can be paused`);
    await expect(runner.pause(jobId)).rejects.toMatchObject({ code: 'conflict' });
    await expect(runner.pause(9999)).rejects.toMatchObject({ code: 'not-found', message: 'no job 9999' });
    await expect(runner.resume(jobId)).rejects.toThrow(AppError);
    await expect(runner.resume(9999)).rejects.toThrow('no job 9999');
  });

  it('after a restart, resumes through its kind’s start, or says how to continue it', async () => {
    const paused = await startAndPause();
    const restarted = createJobRunner(db, libraryDir);
    expect(restarted.progress(paused.jobId)).toMatchObject({ state: 'paused' });
    await expect(restarted.resume(paused.jobId)).rejects.toThrow(/start a index job again to continue it/);
    // A new start of its kind takes the paused job up, as it would an interrupted one.
    expect(jobs.findUnfinishedJob(db, 'index')?.id).toBe(paused.jobId);
    restarted.restartKinds({ index: () => start(restarted, () => jobs.findUnfinishedJob(db, 'index')!.id) });
    gate.open();
    expect(await restarted.resume(paused.jobId)).toMatchObject({ jobId: paused.jobId, state: 'running' });
    expect(await restarted.wait(paused.jobId)).toMatchObject({ state: 'done', done: PHOTOS });
    expect([...writes.values()].every((n) => n === 1) && writes.size === PHOTOS).toBe(true);
  });
});
