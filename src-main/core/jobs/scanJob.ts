import { existsSync } from 'node:fs';
import { basename, sep } from 'node:path';
import type { JobProgress, JobState } from '../../../src-shared/types/job.js';
import type { ProblemCode } from '../../../src-shared/types/photo.js';
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
import { dispatchBounded } from './boundedDispatch.js';
import { createProgressReporter } from './jobProgress.js';
import { endFinishedJob, endStoppedJob } from './jobEnd.js';

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

const BATCH = 256;

/**
 * Runs (or resumes) a scan job to its end. Every step is recorded in SQLite before it counts as done: roots walked,
 * files found, each file's result written in one transaction with its entry settled. A process killed anywhere
 * resumes here with no file lost and none indexed twice. Returns the job's final state.
 */
export async function runScanJob(ctx: ScanJobContext, jobId: number, signal: AbortSignal): Promise<JobState> {
  const { db } = ctx;
  jobs.setJobRunning(db, jobId);
  const progress = createProgressReporter(db, jobId, 'scan', ctx.emit, {
    ...entries.countScanEntries(db, jobId),
    problems: jobs.getJob(db, jobId)?.problems ?? 0,
  });
  const { counts } = progress;

  const undiscovered = () => jobs.listJobRoots(db, jobId).some((r) => r.discovered === 0);
  // Roots added to a running scan are picked up by another round of discovery and processing.
  for (;;) {
    progress.setPhase('discovering');
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
          progress.setCurrent(displayPath(batch[batch.length - 1]!.path));
          progress.report();
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

    progress.setPhase('processing');
    entries.settleUnchangedEntries(db, jobId, SCAN_VERSION);
    Object.assign(counts, entries.countScanEntries(db, jobId));
    progress.report(true);

    await dispatchBounded<entries.PendingEntry>(
      (after) => entries.nextPendingEntries(db, jobId, after?.seq ?? 0, BATCH),
      ctx.pool.size * 2,
      signal,
      async (entry) => {
        const path = displayPath(entry.pathRaw);
        const task = { path: entry.pathRaw, name: basename(path), options: scanOptions(ctx.config) };
        const result = await ctx.pool
          // In-flight files finish (a stopped job takes no more): terminating a worker mid-task is not safe.
          .run('scanFile', task)
          .catch((error: unknown) => workerFailure(entry, error));
        if (applyResult(db, jobId, entry, path, result)) counts.problems += 1;
        counts.done += 1;
        progress.setCurrent(path);
        progress.report();
      },
    );
    if (signal.aborted || !undiscovered()) break;
  }

  const stopped = endStoppedJob(db, jobId, signal, progress, () => entries.clearScanEntries(db, jobId));
  if (stopped) return stopped;

  progress.setPhase('finalizing');
  progress.report(true);
  const finishedAt = new Date().toISOString();
  return db.transaction(() => {
    for (const root of jobs.listJobRoots(db, jobId)) {
      if (root.discovered !== 1) continue;
      entries.removeUnseen(db, jobId, root.rootId);
      setRootScanned(db, root.rootId, finishedAt);
    }
    entries.clearScanEntries(db, jobId);
    return endFinishedJob(db, jobId, progress);
  })();
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
