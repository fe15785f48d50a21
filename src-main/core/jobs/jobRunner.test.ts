import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openMemoryDatabase, type Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import { removeDir, tempDir } from '../../testing/fixtures.js';
import { createJobRunner } from './jobRunner.js';
import { endFinishedJob } from './jobEnd.js';
import { createProgressReporter } from './jobProgress.js';

describe('the job runner at shutdown', () => {
  let db: Db;
  let libraryDir: string;
  beforeEach(async () => {
    db = openMemoryDatabase();
    libraryDir = await tempDir('job-runner');
  });
  afterEach(async () => {
    db.close();
    await removeDir(libraryDir);
  });

  it('starts no job afterwards, not even one chained to a job that ended during it', async () => {
    const runner = createJobRunner(db, libraryDir);
    const chained: string[] = [];
    let finish: () => void = () => undefined;
    const ended = new Promise<void>((resolve) => (finish = resolve));
    runner.start(
      () => jobs.createJob(db, 'scenes', 'now'),
      async (jobId) => {
        jobs.setJobRunning(db, jobId);
        // Ends by itself (ignoring the abort), as a job does whose last step is already under way.
        await ended;
        const progress = createProgressReporter(db, jobId, 'scenes', () => undefined, {
          total: 0,
          done: 0,
          problems: 0,
        });
        return endFinishedJob(db, jobId, progress);
      },
      () => chained.push('text'),
    );
    const shutdown = runner.shutdown();
    finish();
    await shutdown;
    expect(chained).toEqual([]);
    expect(() =>
      runner.start(
        () => jobs.createJob(db, 'text', 'now'),
        async () => 'done',
      ),
    ).toThrow(/shutting down/);
  });

  it('lets jobs start again after stopActive (as when a scan makes indexing wait)', async () => {
    const runner = createJobRunner(db, libraryDir);
    await runner.stopActive();
    const started = runner.start(
      () => jobs.createJob(db, 'text', 'now'),
      async (jobId) => {
        jobs.setJobRunning(db, jobId);
        const progress = createProgressReporter(db, jobId, 'text', () => undefined, { total: 0, done: 0, problems: 0 });
        return endFinishedJob(db, jobId, progress);
      },
    );
    expect((await runner.wait(started.jobId)).state).toBe('done');
    await runner.shutdown();
  });
});
