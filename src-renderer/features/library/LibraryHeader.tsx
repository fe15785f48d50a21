import type { ReactNode } from 'react';
import type { PhotoStatus } from '../../../src-shared/types/photo.js';
import { selectCounts, selectStatus } from '../../store/selectors.js';
import { useAppStore } from '../../store/useAppStore.js';
import { formatCount, STATUS_LABELS } from '../../util/format.js';

function Logo() {
  return (
    <svg className="brand__logo" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M16 2 29 10.5 24 29H8L3 10.5Z" className="brand__facet brand__facet--a" />
      <path d="M16 2 24 29H8Z" className="brand__facet brand__facet--b" />
      <path d="M3 10.5 29 10.5 16 2Z" className="brand__facet brand__facet--c" />
    </svg>
  );
}

// STATUS_LABELS is a Record over every PhotoStatus, so this stays complete (and keeps zod out of the bundle).
const STATUSES = Object.keys(STATUS_LABELS) as PhotoStatus[];

/** Indexed always; a problem only when some photo has it (a row of zeros crowded the one that mattered off screen). */
function shownStatuses(counts: Readonly<Record<PhotoStatus, number>> | undefined): PhotoStatus[] {
  return STATUSES.filter((key) => key === 'ok' || (counts?.[key] ?? 0) > 0);
}

type LibraryHeaderProps = Readonly<{
  /** The app's navigation, shown beside the brand. */
  children?: ReactNode;
  /** Counts by status belong to the library screen only. */
  showStats?: boolean;
}>;

export function LibraryHeader({ children, showStats = true }: LibraryHeaderProps) {
  const status = useAppStore(selectStatus);
  const counts = useAppStore(selectCounts);
  return (
    <header className="topbar">
      <div className="brand">
        <Logo />
        <h1 className="brand__name">Facets</h1>
      </div>
      {children}
      {status && showStats && (
        <p className="topbar__library" title={status.libraryDir}>
          <span className="muted">Library</span> <code>{status.libraryDir}</code>
        </p>
      )}
      {showStats && (
        <dl className="stats" aria-label="Photos by status">
          <div className="stat stat--total">
            <dt>Photos</dt>
            <dd>{counts ? formatCount(counts.total) : '–'}</dd>
          </div>
          {shownStatuses(counts?.byStatus).map((key) => (
            <div key={key} className={`stat stat--${key}`}>
              <dt>{STATUS_LABELS[key]}</dt>
              <dd>{counts ? formatCount(counts.byStatus[key]) : '–'}</dd>
            </div>
          ))}
        </dl>
      )}
    </header>
  );
}
