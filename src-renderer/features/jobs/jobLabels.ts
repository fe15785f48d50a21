import type { JobKind, JobProgress, JobState } from '../../../src-shared/types/job.js';
import { formatCount, formatDuration } from '../../util/format.js';

export const JOB_LABELS: Readonly<Record<JobKind, string>> = {
  scan: 'Scan',
  index: 'Face analysis',
  cluster: 'Grouping people',
  scenes: 'Scenes',
  text: 'Reading text',
  clip: 'CLIP embedding',
  pack: 'CLIP pack install',
};

export const STATE_LABELS: Readonly<Record<JobState, string>> = {
  running: 'Running',
  paused: 'Paused',
  interrupted: 'Interrupted',
  cancelled: 'Cancelled',
  done: 'Done',
  failed: 'Failed',
};

/** What a job counts: a pack download counts bytes, a scan files, the rest photos (clustering: faces). */
function unitOf(kind: JobKind): string {
  switch (kind) {
    case 'scan':
      return 'files';
    case 'cluster':
      return 'faces';
    case 'pack':
      return 'bytes';
    default:
      return 'photos';
  }
}

const megabytes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatCount(Math.round(bytes / 1024))} KB`;
  return `${megabytes.format(bytes / (1024 * 1024))} MB`;
}

/** "120 of 480 photos", or sizes for a download. */
export function jobAmount(job: JobProgress): string {
  if (job.kind === 'pack') return `${formatBytes(job.done)} of ${formatBytes(job.total)}`;
  return `${formatCount(job.done)} of ${formatCount(job.total)} ${unitOf(job.kind)}`;
}

export function jobRate(job: JobProgress): string | null {
  if (job.state !== 'running' || job.ratePerSecond <= 0) return null;
  if (job.kind === 'pack') return `${formatBytes(job.ratePerSecond)}/s`;
  const rate = job.ratePerSecond >= 10 ? Math.round(job.ratePerSecond) : Math.round(job.ratePerSecond * 10) / 10;
  return `${formatCount(rate)} ${unitOf(job.kind)}/s`;
}

export function jobEta(job: JobProgress): string | null {
  return job.state === 'running' && job.etaSeconds !== null ? `about ${formatDuration(job.etaSeconds)} left` : null;
}

/** Amount, rate and ETA on one line, leaving out what does not apply. */
export function jobFigures(job: JobProgress): string {
  return [jobAmount(job), jobRate(job), jobEta(job)].filter(Boolean).join(' · ');
}
