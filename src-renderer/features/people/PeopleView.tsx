import { useEffect, useId, useState } from 'react';
import type { PersonSummary } from '../../../src-shared/types/person.js';
import { Alert } from '../../components/Alert.js';
import { Pager } from '../../components/Pager.js';
import { Tabs } from '../../components/Tabs.js';
import {
  selectPeopleError,
  selectPeopleFilter,
  selectPeopleLoad,
  selectPeoplePage,
  selectPeopleTotal,
  selectSelectedPeople,
} from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { countBadge, plural } from '../../util/format.js';
import { PersonCard } from './PersonCard.js';
import { ReclusterButton } from './ReclusterButton.js';
import { SuggestionList } from './SuggestionList.js';
import { UnassignedFaces } from './UnassignedFaces.js';

type PeopleTab = 'people' | 'suggestions' | 'unassigned';

/** Merging keeps one person's id and name: a named one first, otherwise the one with the most photos. */
export function mergeOrder(people: readonly PersonSummary[]): PersonSummary[] {
  return [...people].sort((a, b) => Number(!!b.name) - Number(!!a.name) || b.photoCount - a.photoCount);
}

function Filters() {
  const filter = useAppStore(selectPeopleFilter);
  const { setPeopleFilter } = useAppActions();
  const visibilityId = useId();
  return (
    <div className="filters">
      <label htmlFor={visibilityId} className="field-label">
        Show
      </label>
      <select
        id={visibilityId}
        className="select"
        value={filter.visibility}
        onChange={(event) => void setPeopleFilter({ visibility: event.target.value as typeof filter.visibility })}
      >
        <option value="visible">Visible people</option>
        <option value="hidden">Hidden people</option>
        <option value="all">Everyone</option>
      </select>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={filter.small}
          onChange={(event) => void setPeopleFilter({ small: event.target.checked })}
        />
        Include small clusters
      </label>
    </div>
  );
}

function SelectionBar({ people }: Readonly<{ people: readonly PersonSummary[] }>) {
  const selectedIds = useAppStore(selectSelectedPeople);
  const { mergePeople, clearPeopleSelection, setExportOpen } = useAppActions();
  const [busy, setBusy] = useState(false);
  if (selectedIds.length === 0) return null;
  const selected = mergeOrder(people.filter((person) => selectedIds.includes(person.id)));
  const into = selected[0];
  const merge = async () => {
    setBusy(true);
    await mergePeople(selected.map((person) => person.id));
    setBusy(false);
  };
  return (
    <div className="toolbar panel toolbar--accent" role="toolbar" aria-label="Selected people">
      <span className="toolbar__count" aria-live="polite">
        {plural(selectedIds.length, 'person', 'people')} selected
      </span>
      <button
        type="button"
        className="button button--primary"
        disabled={selected.length < 2 || busy}
        onClick={() => void merge()}
      >
        {selected.length < 2 || !into ? 'Merge' : `Merge into ${into.displayName}`}
      </button>
      <button type="button" className="button" onClick={() => setExportOpen(true)}>
        Export…
      </button>
      <button type="button" className="button button--quiet" onClick={clearPeopleSelection}>
        Clear selection
      </button>
    </div>
  );
}

function PeopleGrid() {
  const page = useAppStore(selectPeoplePage);
  const load = useAppStore(selectPeopleLoad);
  const selected = useAppStore(selectSelectedPeople);
  const filter = useAppStore(selectPeopleFilter);
  const { loadPeople } = useAppActions();
  if (!page && load.error) {
    return (
      <div className="empty" role="alert">
        <p className="empty__title">People could not be loaded</p>
        <p className="muted">{load.error}</p>
        <button type="button" className="button" onClick={() => void loadPeople()}>
          Try again
        </button>
      </div>
    );
  }
  if (!page) return <p className="empty">Loading people…</p>;
  if (page.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">{filter.visibility === 'hidden' ? 'No hidden people' : 'No people yet'}</p>
        <p className="muted">
          {filter.visibility === 'hidden'
            ? 'People you hide are listed here, out of the way.'
            : 'Scan a folder: faces are found and grouped into people as photos are indexed.'}
        </p>
      </div>
    );
  }
  return (
    <div className="stack">
      <SelectionBar people={page.items} />
      <ul className="people" aria-label="People" aria-busy={load.loading}>
        {page.items.map((person) => (
          <PersonCard key={person.id} person={person} selected={selected.includes(person.id)} />
        ))}
      </ul>
      <Pager page={page} noun="people" onPage={(offset) => void loadPeople(offset)} />
    </div>
  );
}

export function PeopleView() {
  const total = useAppStore(selectPeopleTotal);
  const error = useAppStore(selectPeopleError);
  const { loadPeople, dismissPeopleError } = useAppActions();
  const [tab, setTab] = useState<PeopleTab>('people');
  useEffect(() => {
    void loadPeople();
  }, [loadPeople]);
  return (
    <section className="view" aria-labelledby="people-title">
      <div className="view__head">
        <div>
          <h2 id="people-title" className="view__title">
            People
          </h2>
          <p className="muted">Faces grouped by who they are. Tick people to merge or export them.</p>
        </div>
        <ReclusterButton />
      </div>
      {error && <Alert message={error} onDismiss={dismissPeopleError} />}
      <Tabs<PeopleTab>
        label="People views"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { key: 'people', label: 'People', badge: countBadge(total) },
          { key: 'suggestions', label: 'Merge suggestions' },
          { key: 'unassigned', label: 'Unassigned faces' },
        ]}
      >
        {tab === 'people' && (
          <div className="stack">
            <Filters />
            <PeopleGrid />
          </div>
        )}
        {tab === 'suggestions' && <SuggestionList />}
        {tab === 'unassigned' && <UnassignedFaces />}
      </Tabs>
    </section>
  );
}
