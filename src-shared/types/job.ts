import type { JobId } from './ids.js';

/**
 * scan: find files and read what they are; index: per-photo analysis (faces, objects, scene) of what the scan found;
 * cluster: faces into people; scenes: backgrounds into scenes; text: read the text in photos (OCR); clip: CLIP vectors
 * of photos with the installed pack; pack: install or download a CLIP pack.
 */
export const JOB_KINDS = ['scan', 'index', 'cluster', 'scenes', 'text', 'clip', 'pack'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * interrupted: the process stopped while the job ran; the next start of the same kind resumes it. paused: stopped by
 * the user at a safe point (work done so far kept); `jobs.resume`, or the next start of the same kind, continues it.
 */
export type JobState = 'running' | 'paused' | 'interrupted' | 'cancelled' | 'done' | 'failed';
export type JobPhase = 'discovering' | 'processing' | 'finalizing';

export type JobIssue = Readonly<{ path: string; code: string; message: string }>;

export type JobProgress = Readonly<{
  jobId: JobId;
  kind: JobKind;
  state: JobState;
  phase: JobPhase | null;
  /** Items finished, of `total` known so far (total grows while discovering). */
  done: number;
  total: number;
  /** Photos whose record carries a problem in this run. */
  problems: number;
  /** Items per second over the recent window. */
  ratePerSecond: number;
  etaSeconds: number | null;
  currentFile: string | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}>;
