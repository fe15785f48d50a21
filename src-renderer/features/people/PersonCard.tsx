import type { PersonSummary } from '../../../src-shared/types/person.js';
import { FaceAvatar } from '../../components/FaceAvatar.js';
import { useAppActions } from '../../store/useAppStore.js';
import { plural } from '../../util/format.js';
import { InlineName } from './InlineName.js';

type PersonCardProps = Readonly<{ person: PersonSummary; selected: boolean }>;

export function PersonCard({ person, selected }: PersonCardProps) {
  const { navigate, togglePersonSelected, renamePerson } = useAppActions();
  return (
    <li
      className={`person-card panel${selected ? ' person-card--selected' : ''}${person.hidden ? ' person-card--hidden' : ''}`}
    >
      <input
        type="checkbox"
        className="person-card__select"
        aria-label={`Select ${person.displayName}`}
        checked={selected}
        onChange={() => togglePersonSelected(person.id)}
      />
      <button
        type="button"
        className="person-card__open"
        aria-label={`Open ${person.displayName}`}
        onClick={() => navigate({ name: 'person', personId: person.id })}
      >
        <FaceAvatar url={person.coverFace?.thumbUrl} label={person.displayName} size="large" />
      </button>
      <InlineName subject={person} onRename={(name) => renamePerson(person.id, name)} />
      <p className="person-card__meta">
        {plural(person.photoCount, 'photo')} · {plural(person.faceCount, 'face')}
        {person.hidden && <span className="badge badge--unsupported">Hidden</span>}
      </p>
    </li>
  );
}
