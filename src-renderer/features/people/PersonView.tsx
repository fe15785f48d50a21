import { useEffect, useState } from 'react';
import type { FaceId, PersonId } from '../../../src-shared/types/ids.js';
import { FaceAvatar } from '../../components/FaceAvatar.js';
import { Alert } from '../../components/Alert.js';
import { BackIcon } from '../../components/Icons.js';
import { Pager } from '../../components/Pager.js';
import { Tabs } from '../../components/Tabs.js';
import { VirtualPhotoGrid } from '../../components/VirtualPhotoGrid.js';
import {
  selectPeopleError,
  selectPerson,
  selectPersonFaces,
  selectPersonLoad,
  selectPersonPhotos,
} from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount, plural } from '../../util/format.js';
import { FaceActions } from './FaceActions.js';
import { FaceGrid } from './FaceGrid.js';
import { InlineName } from './InlineName.js';
import { useFaceSelection } from './useFaceSelection.js';
import { useSparseGrid } from '../useSparseGrid.js';
import { renderPhotoViewer } from '../viewer/PhotoViewer.js';

type PersonTab = 'photos' | 'faces';

function PersonPhotos() {
  const photos = useAppStore(selectPersonPhotos);
  const { loadPersonPhotoPage } = useAppActions();
  const { photoAt: at, onVisibleRange } = useSparseGrid(photos, loadPersonPhotoPage);
  if (!photos) return <p className="empty">Loading photos…</p>;
  if (photos.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No photos</p>
        <p className="muted">This person has no faces left in the library.</p>
      </div>
    );
  }
  return (
    <VirtualPhotoGrid
      renderViewer={renderPhotoViewer}
      label="Photos of this person"
      count={photos.total}
      photoAt={at}
      onVisibleRange={onVisibleRange}
    />
  );
}

function PersonFaces({ personId, coverId }: Readonly<{ personId: PersonId; coverId: FaceId | null }>) {
  const faces = useAppStore(selectPersonFaces);
  const { loadPersonFaces, loadPeople } = useAppActions();
  const selection = useFaceSelection();
  // The move-to list needs the people; the people screen may not have been opened yet.
  useEffect(() => {
    void loadPeople();
  }, [loadPeople]);
  if (!faces) return <p className="empty">Loading faces…</p>;
  return (
    <div className="stack">
      <FaceActions selected={selection.ids} personId={personId} onDone={selection.clear} />
      <FaceGrid
        label="Faces of this person"
        faces={faces.items}
        selected={selection.set}
        onToggle={selection.toggle}
        coverId={coverId}
      />
      <Pager page={faces} noun="faces" onPage={(offset) => void loadPersonFaces(offset)} />
    </div>
  );
}

export function PersonView({ personId }: Readonly<{ personId: PersonId }>) {
  const person = useAppStore(selectPerson);
  const load = useAppStore(selectPersonLoad);
  const error = useAppStore(selectPeopleError);
  const { openPerson, navigate, setPersonHidden, dismissPeopleError, renamePerson } = useAppActions();
  const [tab, setTab] = useState<PersonTab>('photos');
  useEffect(() => {
    void openPerson(personId);
  }, [openPerson, personId]);

  const back = (
    <button type="button" className="button button--quiet" onClick={() => navigate({ name: 'people' })}>
      <BackIcon /> People
    </button>
  );
  if (load.error && !person) {
    return (
      <section className="view" aria-label="Person">
        <div>{back}</div>
        <div className="empty" role="alert">
          <p className="empty__title">This person could not be shown</p>
          <p className="muted">{load.error}</p>
        </div>
      </section>
    );
  }
  if (!person || person.id !== personId) {
    return (
      <section className="view" aria-label="Person">
        <div>{back}</div>
        <p className="empty">Loading…</p>
      </section>
    );
  }
  return (
    <section className="view" aria-labelledby="person-title">
      <div>{back}</div>
      <div className="person-head panel">
        <FaceAvatar url={person.coverFace?.thumbUrl} label={person.displayName} size="large" />
        <div className="person-head__text" id="person-title">
          <InlineName subject={person} onRename={(name) => renamePerson(person.id, name)} headingLevel="h2" />
          <p className="muted">
            {plural(person.photoCount, 'photo')} · {plural(person.faceCount, 'face')} ·{' '}
            {formatCount(person.confirmedFaces)} confirmed
            {person.hidden && <span className="badge badge--unsupported">Hidden</span>}
          </p>
        </div>
        <button type="button" className="button" onClick={() => void setPersonHidden(person.id, !person.hidden)}>
          {person.hidden ? 'Unhide' : 'Hide'}
        </button>
      </div>
      {error && <Alert message={error} onDismiss={dismissPeopleError} />}
      <Tabs<PersonTab>
        label="Person views"
        selected={tab}
        onSelect={setTab}
        tabs={[
          { key: 'photos', label: 'Photos', badge: formatCount(person.photoCount) },
          { key: 'faces', label: 'Faces', badge: formatCount(person.faceCount) },
        ]}
      >
        {tab === 'photos' ? (
          <PersonPhotos />
        ) : (
          <PersonFaces personId={person.id} coverId={person.coverFace?.id ?? null} />
        )}
      </Tabs>
    </section>
  );
}
