import { useState, type FormEvent, type KeyboardEvent } from 'react';
import { PencilIcon } from '../../components/Icons.js';

/** Anything with a user's name (or none) and the name shown for it: a person, a scene. */
export type Named = Readonly<{ name: string | null; displayName: string }>;

type InlineNameProps = Readonly<{
  subject: Named;
  /** Saves the typed name (empty unnames); resolves false to keep the field open with what was typed. */
  onRename(name: string): Promise<boolean>;
  headingLevel?: 'h2' | 'span';
}>;

/** A name with a rename button that turns it into a field: Enter saves, Escape keeps the old name. */
export function InlineName({ subject: person, onRename, headingLevel = 'span' }: InlineNameProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);

  const start = () => {
    setDraft(person.name ?? '');
    setEditing(true);
  };
  const save = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    if (await onRename(draft)) setEditing(false);
    setSaving(false);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      setEditing(false);
    }
  };

  if (editing) {
    return (
      <form className="inline-name inline-name--editing" onSubmit={(event) => void save(event)}>
        <input
          className="input input--text"
          aria-label={`Name for ${person.displayName}`}
          value={draft}
          placeholder="Name"
          maxLength={200}
          autoFocus
          disabled={saving}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
        />
        <button type="submit" className="button button--primary button--small" disabled={saving}>
          Save
        </button>
      </form>
    );
  }
  const Name = headingLevel;
  return (
    <div className="inline-name">
      <Name
        className={`inline-name__text${person.name ? '' : ' inline-name__text--unnamed'}`}
        title={person.displayName}
      >
        {person.displayName}
      </Name>
      <button
        type="button"
        className="icon-button icon-button--small"
        aria-label={`Rename ${person.displayName}`}
        title="Rename"
        onClick={start}
      >
        <PencilIcon />
      </button>
    </div>
  );
}
