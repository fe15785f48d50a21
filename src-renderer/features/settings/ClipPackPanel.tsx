import { useEffect, useState, type FormEvent } from 'react';
import type { ClipPackSummary, ClipStatus } from '../../../src-shared/types/clip.js';
import type { JobProgress } from '../../../src-shared/types/job.js';
import { Alert } from '../../components/Alert.js';
import { PathField } from '../../components/PathField.js';
import { Segmented } from '../../components/Segmented.js';
import { useInterval } from '../../components/useInterval.js';
import {
  selectClipEmbedJob,
  selectClipInstallJob,
  selectClipLoad,
  selectClipStatus,
} from '../../store/searchSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount } from '../../util/format.js';
import { JOB_LABELS, jobFigures } from '../jobs/jobLabels.js';

type SourceKind = 'folder' | 'manifest';

const JOB_POLL_MS = 1000;

function PackItem({ pack, busy }: Readonly<{ pack: ClipPackSummary; busy: boolean }>) {
  const { activateClipPack, removeClipPack } = useAppActions();
  const remove = () => {
    if (window.confirm(`Remove the CLIP pack ${pack.name}?\n\nIts files and photo vectors are deleted.`)) {
      void removeClipPack(pack.id);
    }
  };
  return (
    <li className="pack">
      <div className="pack__text">
        <span className="pack__name">
          {pack.name} <span className="muted">{pack.version}</span>
          {pack.active && <span className="badge badge--ok">Active</span>}
        </span>
        <span className="root__meta">
          {pack.id} · {pack.embeddingDim}-dimensional · {pack.licence.spdx}
        </span>
      </div>
      <div className="pack__actions">
        <button
          type="button"
          className="button button--small"
          disabled={busy}
          onClick={() => void activateClipPack(pack.active ? null : pack.id)}
        >
          {pack.active ? 'Deactivate' : 'Activate'}
        </button>
        <button
          type="button"
          className="button button--small button--quiet"
          disabled={busy}
          aria-label={`Remove pack ${pack.name}`}
          onClick={remove}
        >
          Remove
        </button>
      </div>
    </li>
  );
}

function Embedded({ status }: Readonly<{ status: ClipStatus }>) {
  if (!status.active) return null;
  return (
    <div className="stack stack--tight">
      <progress
        className="scan__bar"
        aria-label="Photos embedded with the active pack"
        max={Math.max(1, status.photos)}
        value={status.photosEmbedded}
      />
      <p className="scan__numbers">
        <span>
          <strong>{formatCount(status.photosEmbedded)}</strong> of {formatCount(status.photos)} photos embedded
        </span>
      </p>
      <p className="licence">
        <span className="muted">Model licence</span> <strong>{status.active.licence.spdx}</strong>:{' '}
        {status.active.licence.notice}
      </p>
    </div>
  );
}

function JobLine({ job }: Readonly<{ job: JobProgress }>) {
  const running = job.state === 'running';
  const figures = jobFigures(job);
  return (
    <div className={`scan scan--${job.state}`}>
      <p className="scan__headline" role="status">
        {JOB_LABELS[job.kind]}: {running ? 'running' : job.state}
      </p>
      {running && (
        <progress
          className="scan__bar"
          aria-label={`${JOB_LABELS[job.kind]} progress`}
          max={job.total > 0 ? job.total : undefined}
          value={job.total > 0 ? job.done : undefined}
        />
      )}
      {job.total > 0 && <p className="scan__numbers">{figures}</p>}
    </div>
  );
}

function InstallForm() {
  const load = useAppStore(selectClipLoad);
  const installJob = useAppStore(selectClipInstallJob);
  const { installClipPack } = useAppActions();
  const [kind, setKind] = useState<SourceKind>('folder');
  const [path, setPath] = useState('');
  const installing = installJob?.state === 'running';
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const started = await installClipPack(kind === 'folder' ? { folder: path } : { manifest: path });
    if (started) setPath('');
  };
  return (
    <form className="add-root" onSubmit={(event) => void onSubmit(event)}>
      <Segmented<SourceKind>
        legend="Install from"
        name="clip-source"
        options={[
          { key: 'folder', label: 'From a folder' },
          { key: 'manifest', label: 'From a pinned manifest' },
        ]}
        selected={kind}
        onSelect={setKind}
      />
      <PathField
        label={kind === 'folder' ? 'Pack folder path' : 'Pinned manifest path'}
        value={path}
        onChange={setPath}
        placeholder={kind === 'folder' ? '/media/usb/clip-vit-b32' : '/home/you/Downloads/clip-vit-b32.pin.json'}
        hint={
          kind === 'folder'
            ? 'A folder holding facets-clip-pack.json and its model files; every file is checked before use.'
            : 'A manifest listing each file with its address, size and sha-256; a partial download resumes.'
        }
        submitLabel={installing ? 'Installing…' : 'Install'}
        submitDisabled={installing || load.loading || path.trim() === ''}
      />
    </form>
  );
}

/** The CLIP model pack: what is installed and active, how far embedding got, and installing, switching, removing. */
export function ClipPackPanel() {
  const status = useAppStore(selectClipStatus);
  const load = useAppStore(selectClipLoad);
  const installJob = useAppStore(selectClipInstallJob);
  const embedJob = useAppStore(selectClipEmbedJob);
  const { loadClipStatus, dismissClipError, refreshJob } = useAppActions();
  useEffect(() => {
    void loadClipStatus();
  }, [loadClipStatus]);
  // A pack that fails to install ends its job without a progress event: ask until the job says how it ended.
  useInterval(installJob?.state === 'running', JOB_POLL_MS, () => {
    if (installJob) void refreshJob(installJob.jobId);
  });

  return (
    <section className="card" aria-labelledby="clip-title">
      <h2 id="clip-title" className="card__title">
        CLIP model pack
      </h2>
      <p className="muted">
        Without a pack, search runs offline on object tags, text read in photos, names, folders and dates; a CLIP pack
        adds matching by meaning.
      </p>
      {!status ? (
        <p className="muted">{load.loading ? 'Loading the pack state…' : 'The pack state is not known.'}</p>
      ) : status.installed.length === 0 ? (
        <div className="pack-empty">
          <p className="empty__title">No pack installed</p>
          <p className="muted">Search uses the offline engine.</p>
        </div>
      ) : (
        <>
          <ul className="roots" aria-label="Installed CLIP packs">
            {status.installed.map((pack) => (
              <PackItem key={pack.id} pack={pack} busy={load.loading} />
            ))}
          </ul>
          {status.active ? (
            <Embedded status={status} />
          ) : (
            <p className="muted">No pack is active: search uses the offline engine.</p>
          )}
        </>
      )}
      {installJob && installJob.state !== 'failed' && <JobLine job={installJob} />}
      {installJob?.state === 'failed' && (
        <p role="alert" className="alert">
          The pack was not installed: {installJob.error ?? 'the install failed'}. Installed packs are unchanged.
        </p>
      )}
      {embedJob?.state === 'running' && <JobLine job={embedJob} />}
      <InstallForm />
      {load.error && <Alert message={load.error} onDismiss={dismissClipError} />}
    </section>
  );
}
