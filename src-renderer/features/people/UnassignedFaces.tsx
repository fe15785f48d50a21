import { useEffect } from 'react';
import { Pager } from '../../components/Pager.js';
import { selectUnassigned } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { FaceActions } from './FaceActions.js';
import { FaceGrid } from './FaceGrid.js';
import { useFaceSelection } from './useFaceSelection.js';

/** Faces in no person (lone faces and faces taken out), to give them a person or dismiss them. */
export function UnassignedFaces() {
  const page = useAppStore(selectUnassigned);
  const { loadUnassigned } = useAppActions();
  const selection = useFaceSelection();
  useEffect(() => {
    void loadUnassigned(0);
  }, [loadUnassigned]);
  if (!page) return <p className="empty">Loading faces…</p>;
  if (page.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No unassigned faces</p>
        <p className="muted">Every face found belongs to a person. Faces you take out of a person show up here.</p>
      </div>
    );
  }
  return (
    <div className="stack">
      <FaceActions selected={selection.ids} onDone={selection.clear} />
      <FaceGrid label="Unassigned faces" faces={page.items} selected={selection.set} onToggle={selection.toggle} />
      <Pager page={page} noun="faces" onPage={(offset) => void loadUnassigned(offset)} />
    </div>
  );
}
