import type { JobProgress } from '../../../src-shared/types/job.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { selectClusterJob } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount } from '../../util/format.js';

type ClusterJobButtonProps = Readonly<{
  job: JobProgress | null;
  /** What the job counts, plural: "faces", "photos". */
  unit: string;
  onStart(): void;
}>;

/** Starts a clustering job and shows its progress while it runs, or why it failed. */
export function ClusterJobButton({ job, unit, onStart }: ClusterJobButtonProps) {
  const running = job?.state === 'running';
  return (
    <div className="recluster">
      {running && (
        <div className="recluster__progress" role="status">
          <span>
            Clustering… {formatCount(job.done)} of {formatCount(job.total)} {unit}
          </span>
          <ProgressBar label="Clustering progress" done={job.done} total={job.total} />
        </div>
      )}
      {job?.state === 'failed' && <span className="recluster__error">Clustering failed: {job.error}</span>}
      <button type="button" className="button" disabled={running} onClick={onStart}>
        Re-cluster
      </button>
    </div>
  );
}

/** Re-clusters every face (keeping the user's corrections). */
export function ReclusterButton() {
  const job = useAppStore(selectClusterJob);
  const { recluster } = useAppActions();
  return <ClusterJobButton job={job} unit="faces" onStart={() => void recluster()} />;
}
