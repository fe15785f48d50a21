import { useEffect, useId, useState, type FormEvent } from 'react';
import { EXPORT_MODES, type ExportMode, type PeopleExportRequest } from '../../../src-shared/types/export.js';
import { DEFAULT_MIN_PHOTOS } from '../../../src-shared/types/person.js';
import { Dialog } from '../../components/Dialog.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useFileDrop } from '../../components/useFileDrop.js';
import {
  selectExportLoad,
  selectExportOpen,
  selectExportProgress,
  selectExportSummary,
  selectPeoplePage,
  selectSelectedPeople,
} from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount } from '../../util/format.js';
import { EXPORT_MODE_LABELS } from './exportModes.js';
import { ExportSummaryView } from './ExportSummaryView.js';

type Who = 'selected' | 'bySize';
type ExportDialogProps = Readonly<{ pathForFile(file: File): string | null }>;

function ExportProgressView() {
  const progress = useAppStore(selectExportProgress);
  return (
    <div className="stack" role="status">
      <span>
        {progress ? `Exporting… ${formatCount(progress.done)} of ${formatCount(progress.total)} files` : 'Exporting…'}
      </span>
      <ProgressBar label="Export progress" done={progress?.done ?? 0} total={progress?.total ?? 0} />
      {progress?.current && <code className="export-current">{progress.current}</code>}
    </div>
  );
}

export function ExportDialog({ pathForFile }: ExportDialogProps) {
  const open = useAppStore(selectExportOpen);
  const selectedIds = useAppStore(selectSelectedPeople);
  const people = useAppStore(selectPeoplePage);
  const load = useAppStore(selectExportLoad);
  const summary = useAppStore(selectExportSummary);
  const { setExportOpen, runExport, resetExport } = useAppActions();
  const [who, setWho] = useState<Who>('bySize');
  const [minPhotos, setMinPhotos] = useState(DEFAULT_MIN_PHOTOS);
  const [includeHidden, setIncludeHidden] = useState(false);
  const [destination, setDestination] = useState('');
  const [mode, setMode] = useState<ExportMode>('copy');
  const [dryRun, setDryRun] = useState(false);
  const ids = { destination: useId(), minPhotos: useId(), form: useId() };
  // Opened with people ticked, the dialog is about them.
  const anySelected = selectedIds.length > 0;
  useEffect(() => {
    if (open) setWho(anySelected ? 'selected' : 'bySize');
  }, [open, anySelected]);

  const selectedNames = selectedIds.map(
    (id) => people?.items.find((person) => person.id === id)?.displayName ?? `Person ${id}`,
  );
  const choice: Who = who === 'selected' && selectedIds.length === 0 ? 'bySize' : who;
  const close = () => {
    if (load.loading) return;
    resetExport();
    setExportOpen(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const request: PeopleExportRequest =
      choice === 'selected'
        ? { destination: destination.trim(), mode, dryRun, people: [...selectedIds] }
        : { destination: destination.trim(), mode, dryRun, minPhotos, includeHidden };
    void runExport(request);
  };
  // The desktop app gives a dropped folder's path; a browser cannot.
  const { dropProps } = useFileDrop((file) => {
    const path = pathForFile(file);
    if (path) setDestination(path);
  });

  return (
    <Dialog
      open={open}
      title="Export people"
      onClose={close}
      footer={
        <>
          <button type="button" className="button button--quiet" disabled={load.loading} onClick={close}>
            {summary ? 'Close' : 'Cancel'}
          </button>
          <button
            type="submit"
            form={ids.form}
            className="button button--primary"
            disabled={load.loading || destination.trim() === ''}
          >
            {dryRun ? 'Plan export' : 'Export'}
          </button>
        </>
      }
    >
      <form id={ids.form} className="export-form" onSubmit={submit}>
        <fieldset className="fieldset" disabled={load.loading}>
          <legend className="field-label">Who</legend>
          <label className="radio">
            <input
              type="radio"
              name="export-who"
              checked={choice === 'selected'}
              disabled={selectedIds.length === 0}
              onChange={() => setWho('selected')}
            />
            <span>
              Selected people ({formatCount(selectedIds.length)})
              <span className="radio__hint">
                {selectedIds.length === 0
                  ? 'Tick people on the People screen to choose them.'
                  : selectedNames.join(', ')}
              </span>
            </span>
          </label>
          <label className="radio">
            <input type="radio" name="export-who" checked={choice === 'bySize'} onChange={() => setWho('bySize')} />
            <span>Everyone with at least</span>
          </label>
          <div className="export-form__indent">
            <label htmlFor={ids.minPhotos} className="visually-hidden">
              Minimum photos per person
            </label>
            <input
              id={ids.minPhotos}
              className="input input--number"
              type="number"
              min={1}
              value={minPhotos}
              disabled={choice !== 'bySize'}
              onChange={(event) => setMinPhotos(Math.max(1, Math.floor(Number(event.target.value)) || 1))}
            />
            <span className="muted">photos</span>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={includeHidden}
                disabled={choice !== 'bySize'}
                onChange={(event) => setIncludeHidden(event.target.checked)}
              />
              Include hidden people
            </label>
          </div>
        </fieldset>
        <div className="stack stack--tight" {...dropProps}>
          <label htmlFor={ids.destination} className="field-label">
            Destination folder
          </label>
          <input
            id={ids.destination}
            className="input"
            type="text"
            value={destination}
            placeholder="/home/you/Exports/people"
            autoComplete="off"
            spellCheck={false}
            disabled={load.loading}
            onChange={(event) => setDestination(event.target.value)}
          />
          <p className="field-hint">
            One folder per person is made inside it, with a manifest. Originals are never changed.
          </p>
        </div>
        <fieldset className="fieldset" disabled={load.loading}>
          <legend className="field-label">How</legend>
          {EXPORT_MODES.map((each) => (
            <label key={each} className="radio">
              <input type="radio" name="export-mode" checked={mode === each} onChange={() => setMode(each)} />
              <span>
                {EXPORT_MODE_LABELS[each].title}
                <span className="radio__hint">{EXPORT_MODE_LABELS[each].hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={dryRun}
            disabled={load.loading}
            onChange={(event) => setDryRun(event.target.checked)}
          />
          Dry run: show what would be written, write nothing
        </label>
      </form>
      {load.loading && <ExportProgressView />}
      {load.error && (
        <p role="alert" className="alert">
          {load.error}
        </p>
      )}
      {summary && <ExportSummaryView summary={summary} />}
    </Dialog>
  );
}
