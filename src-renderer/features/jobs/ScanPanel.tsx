import type { JobProgress } from '../../../src-shared/types/job.js';
import { assertNever } from '../../../src-shared/util/assertNever.js';
import { selectCurrentScan, selectJobsError, selectRoots } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { JobControls } from './JobControls.js';
import {
  formatCount,
  formatDuration,
  formatRate,
  formatRelativeTime,
  parentFolder,
  plural,
} from '../../util/format.js';

function headline(scan: JobProgress): string {
  switch (scan.state) {
    case 'running':
      if (scan.phase === 'discovering') return 'Looking for photos…';
      if (scan.phase === 'finalizing') return 'Finishing up…';
      return 'Reading photos…';
    case 'done':
      return 'Scan complete';
    case 'cancelled':
      return 'Scan cancelled';
    case 'failed':
      return 'Scan failed';
    case 'paused':
      return 'Scan paused';
    case 'interrupted':
      return 'Scan interrupted';
    default:
      return assertNever(scan.state, 'job state');
  }
}

function elapsedSeconds(scan: JobProgress): number | null {
  if (!scan.finishedAt) return null;
  return (Date.parse(scan.finishedAt) - Date.parse(scan.startedAt)) / 1000;
}

function ScanProgress({ scan }: Readonly<{ scan: JobProgress }>) {
  const running = scan.state === 'running';
  // While files are still being discovered the total keeps growing; an indeterminate bar does not over-promise.
  const determinate = scan.total > 0 && scan.phase !== 'discovering';
  const elapsed = elapsedSeconds(scan);
  return (
    <div className={`scan scan--${scan.state}`}>
      <p className="scan__headline" role="status">
        {headline(scan)}
      </p>
      <progress
        className="scan__bar"
        aria-label="Scan progress"
        max={determinate ? scan.total : undefined}
        value={determinate ? scan.done : undefined}
      />
      <p className="scan__numbers">
        <span>
          <strong>{formatCount(scan.done)}</strong> of {formatCount(scan.total)} files
        </span>
        {running && scan.ratePerSecond > 0 && <span>{formatRate(scan.ratePerSecond)}</span>}
        {running && scan.etaSeconds !== null && <span>about {formatDuration(scan.etaSeconds)} left</span>}
        {!running && elapsed !== null && <span>took {formatDuration(elapsed)}</span>}
        {scan.problems > 0 && <span className="scan__problems">{plural(scan.problems, 'problem')}</span>}
      </p>
      {running && scan.currentFile && (
        <p className="scan__file" title={scan.currentFile}>
          <span className="scan__file-name">{scan.currentFile.slice(parentFolder(scan.currentFile).length + 1)}</span>
          <span className="scan__file-folder">{parentFolder(scan.currentFile)}</span>
        </p>
      )}
      {scan.state === 'interrupted' && <p className="muted">It continues where it stopped when you scan again.</p>}
      {scan.state === 'paused' && <p className="muted">Every file read so far is kept; Resume continues from there.</p>}
      {scan.error && <p className="scan__error">{scan.error}</p>}
      {!running && scan.finishedAt && <p className="muted">Finished {formatRelativeTime(scan.finishedAt)}</p>}
    </div>
  );
}

export function ScanPanel() {
  const scan = useAppStore(selectCurrentScan);
  const roots = useAppStore(selectRoots);
  const error = useAppStore(selectJobsError);
  const { startScan } = useAppActions();
  const unfinished = scan?.state === 'running' || scan?.state === 'paused';
  return (
    <section className="card" aria-labelledby="scan-title">
      <div className="card__head">
        <h2 id="scan-title" className="card__title">
          Scan
        </h2>
        {unfinished ? (
          <JobControls job={scan} label="Scan" />
        ) : (
          <button
            type="button"
            className="button button--primary"
            disabled={roots.length === 0}
            onClick={() => void startScan()}
          >
            Scan
          </button>
        )}
      </div>
      {scan ? (
        <ScanProgress scan={scan} />
      ) : (
        <p className="muted">
          {roots.length === 0 ? 'Add a folder, then scan it.' : 'Scan to index the photos in your folders.'}
        </p>
      )}
      {error && (
        <p role="alert" className="alert">
          {error}
        </p>
      )}
    </section>
  );
}
