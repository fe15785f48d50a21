import { useEffect, useState } from 'react';
import type { MergeSuggestion } from '../../../src-shared/types/person.js';
import { FaceAvatar } from '../../components/FaceAvatar.js';
import { selectSuggestions } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { plural } from '../../util/format.js';

function SuggestionRow({ suggestion }: Readonly<{ suggestion: MergeSuggestion }>) {
  const { mergePeople } = useAppActions();
  const [busy, setBusy] = useState(false);
  const { a, b } = suggestion;
  // The named (or larger) one keeps its name and id.
  const [into, from] = (b.name && !a.name) || (!a.name && b.photoCount > a.photoCount) ? [b, a] : [a, b];
  const accept = async () => {
    setBusy(true);
    await mergePeople([into.id, from.id]);
    setBusy(false);
  };
  return (
    <li className="suggestion panel">
      {[a, b].map((person) => (
        <div key={person.id} className="suggestion__person">
          <FaceAvatar url={person.coverFace?.thumbUrl} label={person.displayName} />
          <div className="suggestion__text">
            <span className="suggestion__name">{person.displayName}</span>
            <span className="muted">{plural(person.photoCount, 'photo')}</span>
          </div>
        </div>
      ))}
      <span
        className="suggestion__distance"
        title="Distance between the two people's faces: under 0.6 is usually one person"
      >
        distance {suggestion.distance.toFixed(2)}
      </span>
      <button
        type="button"
        className="button button--primary"
        disabled={busy}
        aria-label={`Merge ${from.displayName} into ${into.displayName}`}
        onClick={() => void accept()}
      >
        Merge
      </button>
    </li>
  );
}

export function SuggestionList() {
  const suggestions = useAppStore(selectSuggestions);
  const { loadSuggestions } = useAppActions();
  useEffect(() => {
    void loadSuggestions();
  }, [loadSuggestions]);
  if (!suggestions) return <p className="empty">Looking for people who may be one…</p>;
  if (suggestions.length === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No suggestions</p>
        <p className="muted">No two people look alike enough to be one. Merge by hand by ticking them.</p>
      </div>
    );
  }
  return (
    <ul className="suggestions" aria-label="Merge suggestions">
      {suggestions.map((suggestion) => (
        <SuggestionRow key={`${suggestion.a.id}-${suggestion.b.id}`} suggestion={suggestion} />
      ))}
    </ul>
  );
}
