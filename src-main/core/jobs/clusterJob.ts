import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import { librarySettings } from '../librarySettings.js';
import type { ClusterSummary } from '../../../src-shared/types/person.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import * as people from '../db/repos/peopleRepo.js';
import { planPeople } from '../cluster/planPeople.js';
import { rejectionPairs, type ClusterSnapshot } from '../cluster/clusterSnapshot.js';
import { loadClusterSnapshot } from './loadClusterSnapshot.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { endFinishedJob, endStoppedJob } from './jobEnd.js';
import { createProgressReporter } from './jobProgress.js';

export type ClusterMode = ClusterSummary['mode'];

export type ClusterJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  mode: ClusterMode;
  emit: (progress: JobProgress) => void;
  onSummary?: (summary: ClusterSummary) => void;
}>;

/**
 * Groups faces into people in a worker thread, then writes the result in one transaction. 'full' re-clusters every
 * face (the user's confirmed faces as fixed seeds, their "not this person" as cannot-links); 'incremental' places only
 * faces in no person yet: into the nearest person when close enough, else into new clusters among themselves.
 * Either way no confirmed face moves, no name is lost, and a stopped job changes nothing.
 */
export async function runClusterJob(ctx: ClusterJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db } = ctx;
  const started = Date.now();
  jobs.setJobRunning(db, jobId);
  const snapshot = loadClusterSnapshot(db);
  const n = snapshot.faceIds.length;
  const progress = createProgressReporter(db, jobId, 'cluster', ctx.emit, { total: n, done: 0, problems: 0 });
  progress.report(true);
  const anyAssigned = snapshot.previousPerson.some((p) => p > 0) || snapshot.confirmedPerson.some((p) => p > 0);
  const mode: ClusterMode = ctx.mode === 'incremental' && anyAssigned ? 'incremental' : 'full';

  const { personDistance: threshold } = librarySettings(db);
  const apply =
    mode === 'full'
      ? await clusterEverything(ctx.pool, snapshot, threshold)
      : await placeNewFaces(ctx.pool, snapshot, threshold);
  const stopped = endStoppedJob(db, jobId, signal, progress);
  if (stopped) return stopped;
  db.transaction(() => apply(db))();

  progress.counts.done = n;
  const summary: ClusterSummary = {
    mode,
    faces: n,
    people: people.countPeople(db),
    unassigned: people.countUnassignedFaces(db),
    seconds: (Date.now() - started) / 1000,
  };
  ctx.onSummary?.(summary);
  return endFinishedJob(db, jobId, progress);
}

type Apply = (db: Db) => void;

function createPeople(db: Db, count: number): number[] {
  const at = new Date().toISOString();
  return Array.from({ length: count }, () => people.createPerson(db, null, at));
}

async function clusterEverything(pool: WorkerPool, s: ClusterSnapshot, threshold: number): Promise<Apply> {
  const clustering = await pool.run('clusterFaces', {
    dim: s.dim,
    vectors: s.vectors,
    photos: s.photoIds,
    seeds: s.confirmedPerson,
    cannotLink: rejectionPairs(s),
    threshold,
  });
  const plan = planPeople({
    labels: clustering.labels,
    clusters: clustering.clusters,
    confirmedPerson: s.confirmedPerson,
    previousPerson: s.previousPerson,
  });
  return (db) => {
    const created = createPeople(db, plan.newPeople);
    const rows: [number, number][] = [];
    for (let i = 0; i < s.faceIds.length; i++) {
      if (s.confirmedPerson[i]! > 0) continue;
      const target = plan.clusterPerson[clustering.labels[i]!]!;
      const person = target < 0 ? created[-target - 1]! : target;
      if (person > 0) rows.push([s.faceIds[i]!, person]);
    }
    people.replaceClusterAssignments(db, rows);
    people.deleteEmptyUnnamedPeople(db);
  };
}

async function placeNewFaces(pool: WorkerPool, s: ClusterSnapshot, threshold: number): Promise<Apply> {
  const placed = await pool.run('placeNewFaces', { ...s, threshold });
  return (db) => {
    const created = createPeople(db, placed.newClusters);
    const rows: [number, number][] = [];
    placed.person.forEach((target, i) => {
      const person = target < 0 ? created[-target - 1]! : target;
      if (person > 0) rows.push([s.faceIds[i]!, person]);
    });
    people.addClusterAssignments(db, rows);
  };
}
