import { useState, type FormEvent } from 'react';
import type { RootSummary } from '../../../src-shared/types/library.js';
import { Alert } from '../../components/Alert.js';
import { CloseIcon } from '../../components/Icons.js';
import { PathField } from '../../components/PathField.js';
import { useFileDrop } from '../../components/useFileDrop.js';
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
  const [dropNotice, setDropNotice] = useState<string | null>(null);

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
  const { dragging, dropProps } = useFileDrop((file) => {
    const dropped = pathForFile(file);
    setDropNotice(
      dropped ? null : 'Only the desktop app can read the path of a dropped folder. Type the path instead.',
    );
    if (dropped) void add(dropped);
  });

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
      <form className={`add-root${dragging ? ' add-root--dragging' : ''}`} onSubmit={onSubmit} {...dropProps}>
        <PathField
          label="Folder path"
          value={path}
          onChange={setPath}
          placeholder="/home/you/Pictures"
          hint={dropNotice ?? 'The full path of a folder on this computer. Subfolders are included.'}
          submitLabel="Add folder"
          submitDisabled={adding || path.trim() === ''}
        />
      </form>
      {error && <Alert message={error} onDismiss={dismissError} />}
    </section>
  );
}
