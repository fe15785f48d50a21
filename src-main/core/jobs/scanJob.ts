import { existsSync } from 'node:fs';
import { basename, sep } from 'node:path';
import type { JobPhase, JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { ProblemCode } from '../../../src-shared/types/photo.js';
import type { JobId } from '../../../src-shared/types/ids.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import * as jobs from '../db/repos/jobsRepo.js';
import * as photos from '../db/repos/photosRepo.js';
import * as entries from '../db/repos/scanEntriesRepo.js';
import { setRootScanned } from '../db/repos/rootsRepo.js';
import { EMPTY_EXIF } from '../scan/exifFields.js';
import type { ScanFileResult, ScannedPhoto } from '../scan/scanFile.js';
import { displayPath, walkRoot, type WalkIssue } from '../scan/walk.js';
import type { WorkerPool } from '../workers/workerPool.js';
import { createProgressMeter } from './progressMeter.js';
import { SHUTDOWN } from './abortReasons.js';

/** Bump when the scanner extracts something new: every photo is then read again on the next scan. */
export const SCAN_VERSION = 1;

/** Walk issues that leave part of the tree unlisted, so what is indexed there must not be taken for deleted. */
const UNLISTED = new Set<WalkIssue['code']>(['unreadable-folder', 'unreadable-entry']);

/** Failures that may pass (a file mid-copy, a flaky disk): recorded so the next scan tries the file again. */
const RETRY_NEXT_SCAN = new Set<ProblemCode>(['unstable-file', 'io-error', 'permission-denied']);

export type ScanJobContext = Readonly<{
  db: Db;
  pool: WorkerPool;
  config: CoreConfig;
  emit: (progress: JobProgress) => void;
  isInsideLibrary: (dirPath: Buffer) => boolean;
}>;

const PROGRESS_INTERVAL_MS = 200;
const PERSIST_INTERVAL_MS = 1000;
const BATCH = 256;

/**
 * Runs (or resumes) a scan job to its end. Every step is recorded in SQLite before it counts as done: roots walked,
 * files found, each file's result written in one transaction with its entry settled. A process killed anywhere
 * resumes here with no file lost and none indexed twice. Returns the job's final state.
 */
export async function runScanJob(ctx: ScanJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db } = ctx;
  jobs.setJobRunning(db, jobId);
  const meter = createProgressMeter();
  const counts = { ...entries.countScanEntries(db, jobId), problems: jobs.getJob(db, jobId)?.problems ?? 0 };
  let phase: JobPhase = 'discovering';
  let currentFile: string | null = null;
  let lastEmit = 0;
  let lastPersist = 0;

  const progress = (force = false) => {
    const now = Date.now();
    meter.sample(now, counts.done);
    if (now - lastPersist >= PERSIST_INTERVAL_MS || force) {
      jobs.updateJobProgress(db, jobId, { phase, ...counts });
      lastPersist = now;
    }
    if (now - lastEmit < PROGRESS_INTERVAL_MS && !force) return;
    lastEmit = now;
    const row = jobs.getJob(db, jobId)!;
    ctx.emit({
      jobId: jobId as JobId,
      kind: 'scan',
      state: row.state,
      phase,
      done: counts.done,
      total: counts.total,
      problems: counts.problems,
      ratePerSecond: Math.round(meter.ratePerSecond() * 10) / 10,
      etaSeconds: meter.etaSeconds(counts.done, counts.total, phase !== 'discovering'),
      currentFile,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      error: row.error,
    });
  };

  const undiscovered = () => jobs.listJobRoots(db, jobId).some((r) => r.discovered === 0);
  // Roots added to a running scan are picked up by another round of discovery and processing.
  for (;;) {
    phase = 'discovering';
    for (const root of jobs.listJobRoots(db, jobId)) {
      if (root.discovered !== 0 || signal.aborted) continue;
      const onIssue = (issue: WalkIssue) => {
        jobs.addJobIssue(db, jobId, issue);
        if (UNLISTED.has(issue.code)) entries.keepUnlistedPath(db, jobId, issue.rawPath, sep);
      };
      try {
        for await (const batch of walkRoot(root.pathRaw, { signal, skipDir: ctx.isInsideLibrary, onIssue })) {
          entries.insertScanEntries(
            db,
            jobId,
            batch.map((e) => ({ pathRaw: e.path, rootId: root.rootId, size: e.size, mtimeMs: e.mtimeMs })),
          );
          counts.total = entries.countScanEntries(db, jobId).total;
          currentFile = displayPath(batch[batch.length - 1]!.path);
          progress();
        }
      } catch (error) {
        if (signal.aborted) break;
        // The root itself could not be listed (gone, unplugged, no permission): keep its photos, report it.
        jobs.addJobIssue(db, jobId, { path: root.path, code: 'root-unavailable', message: rootProblem(error) });
        jobs.setRootDiscovered(db, jobId, root.rootId, 2);
        continue;
      }
      if (!signal.aborted) jobs.setRootDiscovered(db, jobId, root.rootId, 1);
    }

    phase = 'processing';
    entries.settleUnchangedEntries(db, jobId, SCAN_VERSION);
    Object.assign(counts, entries.countScanEntries(db, jobId));
    progress(true);

    const inFlight = new Set<Promise<void>>();
    const window = ctx.pool.size * 2;
    let afterSeq = 0;
    while (!signal.aborted) {
      const batch = entries.nextPendingEntries(db, jobId, afterSeq, BATCH);
      if (batch.length === 0) break;
      for (const entry of batch) {
        if (signal.aborted) break;
        afterSeq = entry.seq;
        while (inFlight.size >= window) await Promise.race(inFlight);
        const path = displayPath(entry.pathRaw);
        const task = ctx.pool
          .run('scanFile', { path: entry.pathRaw, name: basename(path), options: scanOptions(ctx.config) }, signal)
          .catch((error: unknown) => (signal.aborted ? null : workerFailure(entry, error)))
          .then((result) => {
            if (!result) return;
            if (applyResult(db, jobId, entry, path, result)) counts.problems += 1;
            counts.done += 1;
            currentFile = path;
            progress();
          });
        const tracked = task.finally(() => inFlight.delete(tracked));
        inFlight.add(tracked);
      }
    }
    await Promise.all(inFlight);
    if (signal.aborted || !undiscovered()) break;
  }

  if (signal.aborted && signal.reason === SHUTDOWN) {
    // Left resumable: entries stay, state says interrupted, the next scan continues from here.
    jobs.markJobInterrupted(db, jobId);
    progress(true);
    return 'interrupted';
  }
  if (signal.aborted) {
    entries.clearScanEntries(db, jobId);
    jobs.finishJob(db, jobId, 'cancelled', new Date().toISOString(), null);
    progress(true);
    return 'cancelled';
  }

  phase = 'finalizing';
  progress(true);
  const finishedAt = new Date().toISOString();
  db.transaction(() => {
    for (const root of jobs.listJobRoots(db, jobId)) {
      if (root.discovered !== 1) continue;
      entries.removeUnseen(db, jobId, root.rootId);
      setRootScanned(db, root.rootId, finishedAt);
    }
    entries.clearScanEntries(db, jobId);
    jobs.finishJob(db, jobId, 'done', finishedAt, null);
  })();
  currentFile = null;
  progress(true);
  return 'done';
}

function rootProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT'
      ? 'is missing'
      : code === 'ENOTDIR'
        ? 'is not a folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'cannot be read (permission denied)'
          : 'cannot be read';
  return `the folder ${why}; its photos are kept until it is back`;
}

function scanOptions(config: CoreConfig) {
  return { thumbSize: config.thumbSize, maxPixels: config.maxPixels, maxFileBytes: config.maxFileBytes };
}

function workerFailure(entry: entries.ScanEntry, error: unknown): ScanFileResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    kind: 'photo',
    size: entry.size,
    mtimeMs: entry.mtimeMs,
    contentHash: null,
    format: null,
    width: null,
    height: null,
    orientation: null,
    status: 'error',
    problem: { code: 'io-error', message: `reading the file failed: ${message}` },
    exif: EMPTY_EXIF,
    thumbnail: null,
  };
}

/**
 * Writes one file's outcome and settles its entry in one transaction. A new path whose content matches a photo that
 * this scan has not seen, and whose old file is gone, is that photo moved: its row (and id) follows the file.
 * Returns whether the file's record carries a problem.
 */
function applyResult(db: Db, jobId: number, entry: entries.ScanEntry, path: string, result: ScanFileResult): boolean {
  return db.transaction(() => {
    entries.settleEntry(db, jobId, entry.pathRaw);
    if (result.kind === 'vanished') {
      photos.deletePhotoAtPath(db, entry.pathRaw);
      photos.forgetIgnored(db, entry.pathRaw);
      jobs.addJobIssue(db, jobId, { path, code: 'vanished', message: 'the file disappeared during the scan' });
      return false;
    }
    if (result.kind === 'ignored') {
      photos.deletePhotoAtPath(db, entry.pathRaw);
      if (result.remember)
        photos.rememberIgnored(db, { pathRaw: entry.pathRaw, rootId: entry.rootId, ...result.remember });
      return false;
    }
    photos.forgetIgnored(db, entry.pathRaw);
    const write = photoWrite(entry, path, result);
    const at = new Date().toISOString();
    const moved =
      result.contentHash && photos.photoIdAtPath(db, entry.pathRaw) === undefined
        ? photos.unseenPhotosWithHash(db, jobId, result.contentHash, result.size).find((c) => !existsSync(c.pathRaw))
        : undefined;
    let id: number;
    if (moved) {
      photos.movePhoto(db, moved.id, write, at);
      id = moved.id;
    } else {
      id = photos.upsertPhoto(db, write, at);
    }
    photos.putThumbnail(db, id, result.thumbnail);
    return result.problem !== null;
  })();
}

function photoWrite(entry: entries.ScanEntry, path: string, result: ScannedPhoto): photos.PhotoWrite {
  const retry = result.problem !== null && RETRY_NEXT_SCAN.has(result.problem.code);
  return {
    rootId: entry.rootId,
    pathRaw: entry.pathRaw,
    path,
    name: basename(path),
    size: result.size,
    // An impossible mtime makes the next scan's unchanged-file check miss, so the file is tried again.
    mtimeMs: retry ? -1 : result.mtimeMs,
    contentHash: result.contentHash,
    format: result.format,
    width: result.width,
    height: result.height,
    orientation: result.orientation,
    takenAt: result.exif.takenAt,
    takenAtOffset: result.exif.takenAtOffset,
    cameraMake: result.exif.cameraMake,
    cameraModel: result.exif.cameraModel,
    gpsLat: result.exif.gps?.latitude ?? null,
    gpsLon: result.exif.gps?.longitude ?? null,
    gpsAlt: result.exif.gps?.altitude ?? null,
    status: result.status,
    problemCode: result.problem?.code ?? null,
    problemMessage: result.problem?.message ?? null,
    scanVersion: SCAN_VERSION,
  };
}
