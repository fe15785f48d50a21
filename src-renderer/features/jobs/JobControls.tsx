import type { JobId } from '../../../src-shared/types/ids.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { useAppActions } from '../../store/useAppStore.js';

type Control = Readonly<{ verb: 'Pause' | 'Resume' | 'Cancel'; act(jobId: JobId): Promise<void>; quiet: boolean }>;

/** Pause or Resume, then Cancel, for a job that has not finished; named after the job for screen readers. */
export function JobControls({ job, label }: Readonly<{ job: JobProgress; label: string }>) {
  const { cancelJob, pauseJob, resumeJob } = useAppActions();
  if (job.state !== 'running' && job.state !== 'paused') return null;
  const controls: Control[] = [
    job.state === 'running'
      ? { verb: 'Pause', act: pauseJob, quiet: true }
      : { verb: 'Resume', act: resumeJob, quiet: false },
    { verb: 'Cancel', act: cancelJob, quiet: true },
  ];
  return (
    <span className="job__controls">
      {controls.map(({ verb, act, quiet }) => (
        <button
          key={verb}
          type="button"
          className={`button button--small${quiet ? ' button--quiet' : ''}`}
          aria-label={`${verb} ${label.toLowerCase()}`}
          onClick={() => void act(job.jobId)}
        >
          {verb}
        </button>
      ))}
    </span>
  );
}
