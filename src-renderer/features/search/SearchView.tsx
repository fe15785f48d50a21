import { useCallback, useEffect, useMemo, useRef, type FormEvent, type KeyboardEvent } from 'react';
import type { SearchResult } from '../../../src-shared/types/search.js';
import { ViewHead } from '../../components/ViewHead.js';
import { VirtualPhotoGrid, type TileDetail } from '../../components/VirtualPhotoGrid.js';
import { selectSearchLoad, selectSearchResult, selectSearchText } from '../../store/searchSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { debounce } from '../../util/debounce.js';
import { formatCount, plural } from '../../util/format.js';
import { engineLabel } from './matchReasons.js';
import { MatchReasons } from './MatchReasons.js';
import { QueryConcepts } from './QueryConcepts.js';
import { renderPhotoViewer } from '../viewer/PhotoViewer.js';

/** A pause in typing this long sends the query: fast enough to feel live, slow enough not to search every key. */
export const SEARCH_DEBOUNCE_MS = 250;
/** The reasons line under each tile (see .reasons in styles.css). */
const REASONS_HEIGHT = 28;
const EXAMPLES = ['people on a beach', 'birthday cake', 'street sign', 'dog', '2019'];

function SearchBox() {
  const text = useAppStore(selectSearchText);
  const { setSearchText, runSearch, clearSearch } = useAppActions();
  const input = useRef<HTMLInputElement>(null);
  const searchSoon = useMemo(() => debounce(() => void runSearch(), SEARCH_DEBOUNCE_MS), [runSearch]);
  useEffect(() => searchSoon.cancel, [searchSoon]);
  useEffect(() => input.current?.focus(), []);

  const change = (value: string) => {
    setSearchText(value);
    searchSoon();
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    searchSoon.cancel();
    void runSearch();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    searchSoon.cancel();
    clearSearch();
  };
  return (
    <form role="search" className="searchbox" onSubmit={onSubmit}>
      <svg className="searchbox__icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="7" cy="7" r="4.5" />
        <path d="M10.5 10.5 14 14" />
      </svg>
      <input
        ref={input}
        type="search"
        className="input searchbox__input"
        aria-label="Search photos"
        aria-describedby="search-hint"
        placeholder="Search for things, words in photos, people, places, dates…"
        autoComplete="off"
        spellCheck={false}
        value={text}
        onChange={(event) => change(event.target.value)}
        onKeyDown={onKeyDown}
      />
      <p id="search-hint" className="visually-hidden">
        Results update as you type. Enter searches now, Escape clears.
      </p>
    </form>
  );
}

function Examples() {
  const { setSearchText, runSearch } = useAppActions();
  return (
    <div className="empty">
      <p className="empty__title">Search your photos</p>
      <p className="muted">
        Type what is in a photo, words written in it, a person&apos;s or a folder&apos;s name, or a year.
      </p>
      <ul className="examples" aria-label="Example searches">
        {EXAMPLES.map((example) => (
          <li key={example}>
            <button
              type="button"
              className="button button--small button--quiet"
              onClick={() => {
                setSearchText(example);
                void runSearch();
              }}
            >
              {example}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Results({ result }: Readonly<{ result: SearchResult }>) {
  const items = result.items;
  const at = useCallback((index: number) => items[index]?.photo, [items]);
  const noop = useCallback(() => undefined, []);
  const detail = useMemo<TileDetail>(
    () => ({ height: REASONS_HEIGHT, render: (index) => <MatchReasons reasons={items[index]?.reasons ?? []} /> }),
    [items],
  );
  if (items.length === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No photos match “{result.query}”</p>
        <p className="muted">
          Try other words, a broader word (“animal” instead of “beagle”), or read the text in photos from the jobs panel
          if it has not run yet.
        </p>
      </div>
    );
  }
  return (
    <>
      <VirtualPhotoGrid
        renderViewer={renderPhotoViewer}
        label="Search results"
        count={items.length}
        photoAt={at}
        onVisibleRange={noop}
        tileDetail={detail}
      />
      {result.total > items.length && (
        <p className="muted">The best {formatCount(items.length)} are shown; add words to narrow the search.</p>
      )}
    </>
  );
}

export function SearchView() {
  const result = useAppStore(selectSearchResult);
  const load = useAppStore(selectSearchLoad);
  const text = useAppStore(selectSearchText);
  return (
    <section className="view" aria-labelledby="search-title">
      <ViewHead
        titleId="search-title"
        title="Search"
        lead="Find photos by what is in them, the words written in them, who, where and when."
      >
        {result && (
          <p className="engine" title="Which engine ranked these results">
            <span className="muted">Engine</span>{' '}
            <span className={`engine__name engine__name--${result.engine === 'offline' ? 'offline' : 'clip'}`}>
              {engineLabel(result.engine)}
            </span>
          </p>
        )}
      </ViewHead>
      <SearchBox />
      <div className="search-status" role="status" aria-live="polite">
        {load.loading
          ? 'Searching…'
          : result && text.trim()
            ? `${plural(result.total, 'photo')} for “${result.query}”`
            : ''}
      </div>
      {load.error && (
        <p role="alert" className="alert">
          Search failed: {load.error}
        </p>
      )}
      {result && <QueryConcepts concepts={result.concepts} />}
      <div className="search-results" aria-busy={load.loading}>
        {result ? <Results result={result} /> : !load.loading && !load.error && <Examples />}
      </div>
    </section>
  );
}
