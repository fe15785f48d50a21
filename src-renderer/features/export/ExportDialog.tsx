import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { EXPORT_MODES, type ExportMode } from '../../../src-shared/types/export.js';
import { DEFAULT_MIN_PHOTOS } from '../../../src-shared/types/person.js';
import { DEFAULT_TOP_SCENES } from '../../../src-shared/types/scene.js';
import { Dialog } from '../../components/Dialog.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { Segmented } from '../../components/Segmented.js';
import { useFileDrop } from '../../components/useFileDrop.js';
import type { ExportSubject } from '../../store/appState.js';
import {
  selectExportLoad,
  selectExportOpen,
  selectExportProgress,
  selectExportSummary,
  selectPeoplePage,
  selectSelectedPeople,
} from '../../store/peopleSelectors.js';
import { selectExportSubject, selectScenes, selectSelectedScenes } from '../../store/scenesSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount } from '../../util/format.js';
import { EXPORT_MODE_LABELS } from './exportModes.js';
import { ExportSummaryView } from './ExportSummaryView.js';

type Who = 'selected' | 'bySize';
type ExportDialogProps = Readonly<{ pathForFile(file: File): string | null }>;

const SUBJECTS: ReadonlyArray<Readonly<{ key: ExportSubject; label: string }>> = [
  { key: 'people', label: 'People' },
  { key: 'scenes', label: 'Scenes' },
];

type WhoFieldsetProps = Readonly<{
  legend: string;
  name: string;
  who: Who;
  onWho(who: Who): void;
  selectedLabel: string;
  /** Who is ticked, or where to tick them when nobody is. */
  selectedHint: string;
  selectedCount: number;
  bySizeLabel: string;
  disabled: boolean;
  /** The size controls, shown indented under the by-size choice. */
  children: ReactNode;
}>;

/** The ticked ones, or the ones chosen by size: the same choice for people and for scenes. */
function WhoFieldset(props: WhoFieldsetProps) {
  const { legend, name, who, onWho, selectedLabel, selectedHint, selectedCount, bySizeLabel, disabled, children } =
    props;
  return (
    <fieldset className="fieldset" disabled={disabled}>
      <legend className="field-label">{legend}</legend>
      <label className="radio">
        <input
          type="radio"
          name={name}
          checked={who === 'selected'}
          disabled={selectedCount === 0}
          onChange={() => onWho('selected')}
        />
        <span>
          {selectedLabel} ({formatCount(selectedCount)})<span className="radio__hint">{selectedHint}</span>
        </span>
      </label>
      <label className="radio">
        <input type="radio" name={name} checked={who === 'bySize'} onChange={() => onWho('bySize')} />
        <span>{bySizeLabel}</span>
      </label>
      <div className="export-form__indent">{children}</div>
    </fieldset>
  );
}

type CountInputProps = Readonly<{ label: string; value: number; disabled: boolean; onChange(value: number): void }>;

function CountInput({ label, value, disabled, onChange }: CountInputProps) {
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <input
        id={id}
        className="input input--number"
        type="number"
        min={1}
        value={value}
        disabled={disabled}
        onChange={(event) => onChange(Math.max(1, Math.floor(Number(event.target.value)) || 1))}
      />
    </>
  );
}

/** Ticked ones preferred when there are any; the choice falls back to by-size when the ticks go. */
function useWho(open: boolean, selectedCount: number): [Who, (who: Who) => void] {
  const [who, setWho] = useState<Who>('bySize');
  const anySelected = selectedCount > 0;
  useEffect(() => {
    if (open) setWho(anySelected ? 'selected' : 'bySize');
  }, [open, anySelected]);
  return [who === 'selected' && !anySelected ? 'bySize' : who, setWho];
}

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
  const subject = useAppStore(selectExportSubject);
  const selectedPeople = useAppStore(selectSelectedPeople);
  const people = useAppStore(selectPeoplePage);
  const selectedScenes = useAppStore(selectSelectedScenes);
  const scenes = useAppStore(selectScenes);
  const load = useAppStore(selectExportLoad);
  const summary = useAppStore(selectExportSummary);
  const { setExportOpen, runExport, runScenesExport, resetExport } = useAppActions();
  const [peopleWho, setPeopleWho] = useWho(open, selectedPeople.length);
  const [scenesWho, setScenesWho] = useWho(open, selectedScenes.length);
  const [minPhotos, setMinPhotos] = useState(DEFAULT_MIN_PHOTOS);
  const [includeHidden, setIncludeHidden] = useState(false);
  const [topScenes, setTopScenes] = useState(DEFAULT_TOP_SCENES);
  const [destination, setDestination] = useState('');
  const [mode, setMode] = useState<ExportMode>('copy');
  const [dryRun, setDryRun] = useState(false);
  const ids = { destination: useId(), form: useId() };

  const peopleNames = selectedPeople.map(
    (id) => people?.items.find((person) => person.id === id)?.displayName ?? `Person ${id}`,
  );
  const sceneNames = selectedScenes.map((id) => scenes?.find((scene) => scene.id === id)?.displayName ?? `Scene ${id}`);
  const close = () => {
    if (load.loading) return;
    resetExport();
    setExportOpen(false);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const common = { destination: destination.trim(), mode, dryRun };
    if (subject === 'scenes') {
      void runScenesExport(
        scenesWho === 'selected' ? { ...common, scenes: [...selectedScenes] } : { ...common, top: topScenes },
      );
    } else {
      void runExport(
        peopleWho === 'selected' ? { ...common, people: [...selectedPeople] } : { ...common, minPhotos, includeHidden },
      );
    }
  };
  // The desktop app gives a dropped folder's path; a browser cannot.
  const { dropProps } = useFileDrop((file) => {
    const path = pathForFile(file);
    if (path) setDestination(path);
  });

  return (
    <Dialog
      open={open}
      title={subject === 'scenes' ? 'Export scenes' : 'Export people'}
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
        <Segmented<ExportSubject>
          legend="What to export"
          name="export-subject"
          options={SUBJECTS}
          selected={subject}
          disabled={load.loading}
          onSelect={(next) => {
            resetExport();
            setExportOpen(true, next);
          }}
        />
        <>
          {subject === 'people' ? (
            <WhoFieldset
              legend="Who"
              name="export-who"
              who={peopleWho}
              onWho={setPeopleWho}
              selectedLabel="Selected people"
              selectedHint={
                selectedPeople.length === 0
                  ? 'Tick people on the People screen to choose them.'
                  : peopleNames.join(', ')
              }
              selectedCount={selectedPeople.length}
              bySizeLabel="Everyone with at least"
              disabled={load.loading}
            >
              <CountInput
                label="Minimum photos per person"
                value={minPhotos}
                disabled={peopleWho !== 'bySize'}
                onChange={setMinPhotos}
              />
              <span className="muted">photos</span>
              <label className="checkbox">
                <input
                  type="checkbox"
                  checked={includeHidden}
                  disabled={peopleWho !== 'bySize'}
                  onChange={(event) => setIncludeHidden(event.target.checked)}
                />
                Include hidden people
              </label>
            </WhoFieldset>
          ) : (
            <WhoFieldset
              legend="Which scenes"
              name="export-scenes"
              who={scenesWho}
              onWho={setScenesWho}
              selectedLabel="Selected scenes"
              selectedHint={
                selectedScenes.length === 0 ? 'Tick scenes on the Scenes screen to choose them.' : sceneNames.join(', ')
              }
              selectedCount={selectedScenes.length}
              bySizeLabel="The largest"
              disabled={load.loading}
            >
              <CountInput
                label="Number of scenes"
                value={topScenes}
                disabled={scenesWho !== 'bySize'}
                onChange={setTopScenes}
              />
              <span className="muted">scenes</span>
            </WhoFieldset>
          )}
        </>
        <div className="stack stack--tight" {...dropProps}>
          <label htmlFor={ids.destination} className="field-label">
            Destination folder
          </label>
          <input
            id={ids.destination}
            className="input"
            type="text"
            value={destination}
            placeholder={subject === 'scenes' ? '/home/you/Exports/scenes' : '/home/you/Exports/people'}
            autoComplete="off"
            spellCheck={false}
            disabled={load.loading}
            onChange={(event) => setDestination(event.target.value)}
          />
          <p className="field-hint">
            One folder per {subject === 'scenes' ? 'scene' : 'person'} is made inside it, with a manifest. Originals are
            never changed.
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
      {summary && <ExportSummaryView summary={summary} noun={subject === 'scenes' ? 'scene' : 'person'} />}
    </Dialog>
  );
}
