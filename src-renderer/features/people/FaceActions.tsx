import { useId, useState } from 'react';
import type { FaceId, PersonId } from '../../../src-shared/types/ids.js';
import type { FaceTarget } from '../../../src-shared/types/person.js';
import { selectPeoplePage } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { plural } from '../../util/format.js';

const NEW_PERSON = 'new';

type FaceActionsProps = Readonly<{
  selected: readonly FaceId[];
  /** The person whose faces these are; absent for unassigned faces. */
  personId?: PersonId;
  onDone(): void;
}>;

/** What can be done with the ticked faces: move them, reject them, or make one the cover. */
export function FaceActions({ selected, personId, onDone }: FaceActionsProps) {
  const people = useAppStore(selectPeoplePage);
  const { moveFaces, rejectFaces, setCover } = useAppActions();
  const [target, setTarget] = useState(NEW_PERSON);
  const [busy, setBusy] = useState(false);
  const selectId = useId();
  const none = selected.length === 0;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    await work();
    setBusy(false);
    onDone();
  };
  const move = () => {
    const destination: FaceTarget = target === NEW_PERSON ? { newPerson: {} } : { person: Number(target) as PersonId };
    void run(() => moveFaces(selected, destination));
  };
  const candidates = (people?.items ?? []).filter((person) => person.id !== personId);

  return (
    <div className="toolbar panel" role="toolbar" aria-label="Face actions">
      <span className="toolbar__count" aria-live="polite">
        {none ? 'Tick faces to correct them' : `${plural(selected.length, 'face')} selected`}
      </span>
      <label htmlFor={selectId} className="field-label">
        Move to
      </label>
      <select id={selectId} className="select" value={target} onChange={(event) => setTarget(event.target.value)}>
        <option value={NEW_PERSON}>A new person</option>
        {candidates.map((person) => (
          <option key={person.id} value={person.id}>
            {person.displayName}
          </option>
        ))}
      </select>
      <button type="button" className="button" disabled={none || busy} onClick={move}>
        Move
      </button>
      {personId !== undefined && (
        <button
          type="button"
          className="button"
          disabled={none || busy}
          onClick={() => void run(() => rejectFaces(selected, 'notThisPerson'))}
        >
          Not this person
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={none || busy}
        onClick={() => void run(() => rejectFaces(selected, 'notAFace'))}
      >
        Not a face
      </button>
      {personId !== undefined && (
        <button
          type="button"
          className="button"
          disabled={selected.length !== 1 || busy}
          onClick={() => void run(() => (selected[0] === undefined ? Promise.resolve() : setCover(selected[0])))}
        >
          Use as cover
        </button>
      )}
    </div>
  );
}
