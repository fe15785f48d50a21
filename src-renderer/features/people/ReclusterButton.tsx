import { ProgressBar } from '../../components/ProgressBar.js';
import { selectClusterJob } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount } from '../../util/format.js';

/** Re-clusters every face (keeping the user's corrections) and shows the job's progress while it runs. */
export function ReclusterButton() {
  const job = useAppStore(selectClusterJob);
  const { recluster } = useAppActions();
  const running = job?.state === 'running';
  return (
    <div className="recluster">
      {running && (
        <div className="recluster__progress" role="status">
          <span>
            Clustering… {formatCount(job.done)} of {formatCount(job.total)} faces
          </span>
          <ProgressBar label="Clustering progress" done={job.done} total={job.total} />
        </div>
      )}
      {job?.state === 'failed' && <span className="recluster__error">Clustering failed: {job.error}</span>}
      <button type="button" className="button" disabled={running} onClick={() => void recluster()}>
        Re-cluster
      </button>
    </div>
  );
}
