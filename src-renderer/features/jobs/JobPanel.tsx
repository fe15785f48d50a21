import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { Alert } from '../../components/Alert.js';
import { CloseIcon } from '../../components/Icons.js';
import { useInterval } from '../../components/useInterval.js';
import {
  issuesOf,
  jobsNewestFirst,
  selectJobIssues,
  selectJobs,
  selectRunningJob,
  selectRunningJobCount,
} from '../../store/searchSelectors.js';
import { selectJobsError, selectProblemTotal } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatRelativeTime, plural } from '../../util/format.js';
import { ProblemsList } from '../library/ProblemsList.js';
import { JobControls } from './JobControls.js';
import { JOB_LABELS, jobFigures, STATE_LABELS } from './jobLabels.js';

/** Recent jobs shown; older ones are history nobody scrolls to. */
const SHOWN = 8;
/** While a job runs the list is re-read this often: a job that fails sends no last event. */
const POLL_MS = 2000;

function JobIssues({ job }: Readonly<{ job: JobProgress }>) {
  const all = useAppStore(selectJobIssues);
  const issues = issuesOf(all, job.jobId);
  if (!issues) return <p className="muted">Loading issues…</p>;
  if (issues.length === 0) return <p className="muted">No issues: nothing went missing or could not be read.</p>;
  return (
    <ul className="job__issues" aria-label={`Issues of ${JOB_LABELS[job.kind]} job ${job.jobId}`}>
      {issues.map((issue, index) => (
        <li key={`${issue.path}:${index}`}>
          <span className="job__issue-path" title={issue.path}>
            {issue.path}
          </span>
          <span>
            {issue.message} <code className="problems__code">{issue.code}</code>
          </span>
        </li>
      ))}
    </ul>
  );
}

function JobRow({ job }: Readonly<{ job: JobProgress }>) {
  const { loadJobIssues } = useAppActions();
  const [showIssues, setShowIssues] = useState(false);
  const issuesId = useId();
  const label = JOB_LABELS[job.kind];
  const running = job.state === 'running';
  const determinate = job.total > 0 && job.phase !== 'discovering';
  const figures = jobFigures(job);
  const toggleIssues = () => {
    if (!showIssues) void loadJobIssues(job.jobId);
    setShowIssues(!showIssues);
  };
  return (
    <li className={`job job--${job.state}`} aria-label={`${label}, ${STATE_LABELS[job.state].toLowerCase()}`}>
      <div className="job__head">
        <span className="job__kind">{label}</span>
        <span className={`job__state job__state--${job.state}`}>{STATE_LABELS[job.state]}</span>
        <JobControls job={job} label={label} />
      </div>
      <progress
        className="scan__bar"
        aria-label={`${label} progress`}
        max={determinate ? job.total : undefined}
        value={determinate ? job.done : undefined}
      />
      <p className="job__figures">
        <span>{figures}</span>
        {job.problems > 0 && <span className="scan__problems">{plural(job.problems, 'problem')}</span>}
      </p>
      {running && job.currentFile && (
        <p className="job__file" title={job.currentFile}>
          {job.currentFile}
        </p>
      )}
      {job.error && <p className="scan__error">{job.error}</p>}
      <div className="job__foot">
        <span className="muted">
          {job.finishedAt
            ? `Finished ${formatRelativeTime(job.finishedAt)}`
            : `Started ${formatRelativeTime(job.startedAt)}`}
        </span>
        <button
          type="button"
          className="link-button"
          aria-expanded={showIssues}
          aria-controls={issuesId}
          onClick={toggleIssues}
        >
          {showIssues ? 'Hide issues' : 'Issues'}
        </button>
      </div>
      <div id={issuesId} hidden={!showIssues}>
        {showIssues && <JobIssues job={job} />}
      </div>
    </li>
  );
}

/** Starts reading the text in photos; the core runs one job at a time, so it waits for a running job of another kind. */
function ReadTextButton() {
  const running = useAppStore(selectRunningJob);
  const { startText } = useAppActions();
  const busy = running !== null;
  return (
    <button
      type="button"
      className="button button--small"
      disabled={busy}
      title={
        busy ? `Waits for ${JOB_LABELS[running.kind].toLowerCase()} to finish` : 'Read the words in photos for search'
      }
      onClick={() => void startText()}
    >
      Read text
    </button>
  );
}

function ProblemPhotos() {
  const total = useAppStore(selectProblemTotal);
  if (!total) return null;
  return (
    <details className="jobpanel__problems">
      <summary>Photos with problems ({total})</summary>
      <ProblemsList />
    </details>
  );
}

/** The header's jobs button and its panel: every running and recent job with progress, cancel and issues. */
export function JobPanel() {
  const jobs = useAppStore(selectJobs);
  const runningCount = useAppStore(selectRunningJobCount);
  const error = useAppStore(selectJobsError);
  const { loadJobs, dismissJobsError } = useAppActions();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const root = useRef<HTMLDivElement>(null);
  const list = useMemo(() => jobsNewestFirst(jobs).slice(0, SHOWN), [jobs]);

  useEffect(() => {
    if (open) void loadJobs();
  }, [open, loadJobs]);
  useInterval(runningCount > 0, POLL_MS, () => void loadJobs());
  // A click elsewhere puts the panel away, as a menu would; focus stays where the click put it.
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  return (
    <div className="jobs" ref={root}>
      <button
        ref={button}
        type="button"
        className={`button jobs__toggle${runningCount > 0 ? ' jobs__toggle--busy' : ''}`}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {runningCount > 0 && <span className="jobs__spinner" aria-hidden="true" />}
        Jobs
        {runningCount > 0 && <span className="tabs__badge">{runningCount} running</span>}
      </button>
      <section
        id={panelId}
        className="jobpanel"
        aria-label="Jobs"
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
      >
        <div className="card__head">
          <h2 className="card__title">Jobs</h2>
          <div className="jobpanel__actions">
            <ReadTextButton />
            <button type="button" className="icon-button" aria-label="Close jobs panel" onClick={close}>
              <CloseIcon />
            </button>
          </div>
        </div>
        {error && <Alert message={error} onDismiss={dismissJobsError} />}
        {list.length === 0 ? (
          <p className="muted">No jobs yet. Scanning a folder starts them: faces, people, then the text in photos.</p>
        ) : (
          <ul className="joblist" aria-label="Running and recent jobs">
            {list.map((job) => (
              <JobRow key={job.jobId} job={job} />
            ))}
          </ul>
        )}
        <ProblemPhotos />
      </section>
    </div>
  );
}
