import { describe, expect, it } from 'vitest';
import { clusterFaces } from '../cluster/clusterFaces.js';
import { openMemoryDatabase } from '../db/database.js';
import { replacePhotoFaces } from '../db/repos/facesRepo.js';
import { createJob } from '../db/repos/jobsRepo.js';
import { countPeople } from '../db/repos/peopleRepo.js';
import { upsertPhoto } from '../db/repos/photosRepo.js';
import { insertRoot } from '../db/repos/rootsRepo.js';
import { faceWrite, photoWrite } from '../db/testing.js';
import { createSettingsService } from '../services/settingsService.js';
import type { WorkerPool } from '../workers/workerPool.js';
import type { WorkerTaskName, WorkerTasks } from '../workers/protocol.js';
import { runClusterJob } from './clusterJob.js';

/** A test fake of the pool that clusters faces in this thread (as the worker does) and refuses every other task. */
const inlinePool: WorkerPool = {
  size: 1,
  run<K extends WorkerTaskName>(name: K, task: WorkerTasks[K]['task']): Promise<WorkerTasks[K]['result']> {
    if (name !== 'clusterFaces') return Promise.reject(new Error(`the fake pool does not run ${name}`));
    const input = task as WorkerTasks['clusterFaces']['task'];
    return Promise.resolve(clusterFaces(input, { threshold: input.threshold }) as WorkerTasks[K]['result']);
  },
  close: () => Promise.resolve(),
};

/** A unit descriptor at `angle` radians in the first two dimensions: faces at distance 2·sin(Δ/2) of each other. */
function descriptor(angle: number): Float32Array {
  const v = new Float32Array(128);
  v[0] = Math.cos(angle);
  v[1] = Math.sin(angle);
  return v;
}

describe("clustering with the library's person distance", () => {
  it('joins two faces 0.51 apart at the default 0.52 and keeps them apart at 0.5', async () => {
    const db = openMemoryDatabase();
    const root = insertRoot(db, { path: '/pics', pathRaw: Buffer.from('/pics'), addedAt: 'now' });
    // Chord 0.51 between the two faces, each in a photo of its own.
    const angle = 2 * Math.asin(0.51 / 2);
    for (const [i, a] of [0, angle].entries()) {
      const photo = upsertPhoto(db, photoWrite(root, `/pics/${i}.jpg`), 'now');
      replacePhotoFaces(db, photo, [faceWrite({ descriptor: descriptor(a) })], 'v');
    }
    const cluster = () =>
      runClusterJob(
        { db, pool: inlinePool, mode: 'full', emit: () => undefined },
        createJob(db, 'cluster', 'now'),
        new AbortController().signal,
      );
    expect(await cluster()).toBe('done');
    expect(countPeople(db)).toBe(1);
    createSettingsService(db).set({ personDistance: 0.5 });
    expect(await cluster()).toBe('done');
    expect(countPeople(db)).toBe(0);
  });
});
