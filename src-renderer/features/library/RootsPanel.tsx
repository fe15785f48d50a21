import { useId, useState, type DragEvent, type FormEvent } from 'react';
import type { RootSummary } from '../../../src-shared/types/library.js';
import { CloseIcon } from '../../components/Icons.js';
import { selectLibraryError, selectRoots } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatRelativeTime, plural } from '../../util/format.js';

function folderName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

function RootItem({ root }: Readonly<{ root: RootSummary }>) {
  const { removeRoot } = useAppActions();
  const remove = () => {
    if (
      window.confirm(
        `Remove ${root.path} from the library?\n\nIts photos leave the index; the files themselves are not touched.`,
      )
    ) {
      void removeRoot(root.id);
    }
  };
  return (
    <li className="root">
      <div className="root__text">
        <span className="root__name">
          {folderName(root.path)}
          {!root.available && <span className="badge badge--error">Unavailable</span>}
        </span>
        <span className="root__path" title={root.path}>
          {root.path}
        </span>
        <span className="root__meta">
          {plural(root.photoCount, 'photo')} ·{' '}
          {root.lastScanAt ? `scanned ${formatRelativeTime(root.lastScanAt)}` : 'not scanned yet'}
        </span>
      </div>
      <button
        type="button"
        className="icon-button"
        aria-label={`Remove folder ${root.path}`}
        title="Remove from library"
        onClick={remove}
      >
        <CloseIcon />
      </button>
    </li>
  );
}

type RootsPanelProps = Readonly<{ pathForFile(file: File): string | null }>;

export function RootsPanel({ pathForFile }: RootsPanelProps) {
  const roots = useAppStore(selectRoots);
  const error = useAppStore(selectLibraryError);
  const { addRoot, dismissError } = useAppActions();
  const [path, setPath] = useState('');
  const [adding, setAdding] = useState(false);
  const [dragging, setDragging] = useState(false);
  const [dropNotice, setDropNotice] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();

  const add = async (candidate: string) => {
    setAdding(true);
    if (await addRoot(candidate)) setPath('');
    setAdding(false);
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void add(path);
  };
  // In the desktop app a dropped folder brings its path; a browser never reveals one.
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    const dropped = file ? pathForFile(file) : null;
    setDropNotice(
      dropped ? null : 'Only the desktop app can read the path of a dropped folder. Type the path instead.',
    );
    if (dropped) void add(dropped);
  };

  return (
    <section className="card" aria-labelledby="folders-title">
      <h2 id="folders-title" className="card__title">
        Folders
      </h2>
      {roots.length === 0 ? (
        <p className="muted">
          No folders yet. Add the folders that hold your photos; they are only read, never changed.
        </p>
      ) : (
        <ul className="roots" aria-label="Library folders">
          {roots.map((root) => (
            <RootItem key={root.id} root={root} />
          ))}
        </ul>
      )}
      <form
        className={`add-root${dragging ? ' add-root--dragging' : ''}`}
        onSubmit={onSubmit}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId} className="field-label">
          Folder path
        </label>
        <div className="add-root__row">
          <input
            id={inputId}
            className="input"
            type="text"
            value={path}
            placeholder="/home/you/Pictures"
            autoComplete="off"
            spellCheck={false}
            aria-describedby={hintId}
            onChange={(event) => setPath(event.target.value)}
          />
          <button type="submit" className="button" disabled={adding || path.trim() === ''}>
            Add folder
          </button>
        </div>
        <p id={hintId} className="field-hint">
          {dropNotice ?? 'The full path of a folder on this computer. Subfolders are included.'}
        </p>
      </form>
      {error && (
        <div role="alert" className="alert">
          <span>{error}</span>
          <button type="button" className="icon-button" aria-label="Dismiss message" onClick={dismissError}>
            <CloseIcon />
          </button>
        </div>
      )}
    </section>
  );
}
