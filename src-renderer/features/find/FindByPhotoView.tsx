import { useCallback, useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type { FindByPhotoResult } from '../../../src-shared/types/person.js';
import { FaceAvatar } from '../../components/FaceAvatar.js';
import { PathField } from '../../components/PathField.js';
import { Segmented } from '../../components/Segmented.js';
import { useFileDrop } from '../../components/useFileDrop.js';
import { VirtualPhotoGrid } from '../../components/VirtualPhotoGrid.js';
import { selectFindLoad, selectFindMode, selectFindPath, selectFindResult } from '../../store/peopleSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount, plural } from '../../util/format.js';
import { QueryPhoto } from './QueryPhoto.js';
import { renderPhotoViewer } from '../viewer/PhotoViewer.js';

type FindByPhotoViewProps = Readonly<{ pathForFile(file: File): string | null }>;

const NO_PATH_NOTICE =
  'The browser does not tell where a dropped or chosen file is. Type its full path below to search with it.';

function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).at(-1) ?? path;
}

/** A blob: URL for the picked file's preview, revoked when the file changes or the view goes. */
function useObjectUrl(file: File | null): string | null {
  const url = useMemo(() => (file ? URL.createObjectURL(file) : null), [file]);
  useEffect(
    () => () => {
      if (url) URL.revokeObjectURL(url);
    },
    [url],
  );
  return url;
}

function MatchedFaces({ result }: Readonly<{ result: FindByPhotoResult }>) {
  const { navigate } = useAppActions();
  if (result.faces.length === 0) return <p className="muted">No faces were found in this photo.</p>;
  return (
    <ol className="matches" aria-label="Faces in the photo">
      {result.faces.map((face) => (
        <li key={face.index} className="match">
          <span className="match__number" aria-hidden="true">
            {face.index + 1}
          </span>
          {face.person ? (
            <>
              <FaceAvatar url={face.person.coverFace?.thumbUrl} label={face.person.displayName} size="small" />
              <div className="match__text">
                <button
                  type="button"
                  className="link-button"
                  onClick={() => face.person && navigate({ name: 'person', personId: face.person.id })}
                >
                  {face.person.displayName}
                </button>
                <span className="muted">
                  Face {face.index + 1} · distance {face.distance?.toFixed(2) ?? '–'}
                </span>
              </div>
            </>
          ) : (
            <div className="match__text">
              <span className="match__unknown">Unknown</span>
              <span className="muted">
                Face {face.index + 1} ·{' '}
                {face.distance === null ? 'no faces in the library yet' : `closest ${face.distance.toFixed(2)}`}
              </span>
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}

function ModeSwitch() {
  const mode = useAppStore(selectFindMode);
  const load = useAppStore(selectFindLoad);
  const result = useAppStore(selectFindResult);
  const { findByPhoto } = useAppActions();
  return (
    <Segmented<'all' | 'any'>
      legend="Which photos to show"
      name="find-mode"
      options={[
        { key: 'all', label: 'With all of them' },
        { key: 'any', label: 'With any of them' },
      ]}
      selected={mode}
      onSelect={(each) => void (result ? findByPhoto(each) : undefined)}
      disabled={load.loading}
    />
  );
}

export function FindByPhotoView({ pathForFile }: FindByPhotoViewProps) {
  const path = useAppStore(selectFindPath);
  const result = useAppStore(selectFindResult);
  const load = useAppStore(selectFindLoad);
  const { setFindPath, findByPhoto } = useAppActions();
  const [file, setFile] = useState<File | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const preview = useObjectUrl(file);
  const pickId = useId();
  const { dragging, dropProps } = useFileDrop((dropped) => takeFile(dropped));

  const takeFile = (picked: File | undefined) => {
    if (!picked) return;
    setFile(picked);
    const known = pathForFile(picked);
    if (known) {
      setNotice(null);
      setFindPath(known);
      void findByPhoto();
    } else {
      setNotice(NO_PATH_NOTICE);
    }
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // A typed path no longer matches a file picked earlier, whose preview would mislead.
    if (file && baseName(path) !== file.name) setFile(null);
    void findByPhoto();
  };
  // Without a local file, the query photo is previewed from the library when it is one of its photos.
  const libraryCopy = result?.photos.find((found) => found.photo.path === path.trim())?.photo.thumbUrl ?? null;
  const photos = result?.photos;
  const at = useCallback((index: number) => photos?.[index]?.photo, [photos]);
  const noop = useCallback(() => undefined, []);

  return (
    <section className="view" aria-labelledby="find-title">
      <div className="view__head">
        <div>
          <h2 id="find-title" className="view__title">
            Find by photo
          </h2>
          <p className="muted">Search the library for the people in any photo, even one that is not in it.</p>
        </div>
      </div>
      <form className={`dropzone${dragging ? ' dropzone--dragging' : ''}`} onSubmit={onSubmit} {...dropProps}>
        <p className="dropzone__title">Drop a photo here</p>
        <div className="dropzone__row">
          <input
            id={pickId}
            type="file"
            accept="image/*"
            className="visually-hidden"
            onChange={(event) => takeFile(event.target.files?.[0])}
          />
          <label htmlFor={pickId} className="button">
            Choose a photo…
          </label>
          <span className="muted">or type its path</span>
        </div>
        <PathField
          label="Photo path"
          value={path}
          onChange={setFindPath}
          placeholder="/home/you/Pictures/party.jpg"
          hint={notice ?? 'The photo is only read: it is not added to the library.'}
          submitLabel={load.loading ? 'Finding…' : 'Find'}
          submitDisabled={load.loading || path.trim() === ''}
          primary
        />
      </form>
      {load.error && (
        <p role="alert" className="alert">
          {load.error}
        </p>
      )}
      {result ? (
        <div className="find-results" aria-busy={load.loading}>
          <div className="find-query card">
            <QueryPhoto result={result} imageUrl={preview ?? libraryCopy} name={file?.name ?? baseName(path)} />
            <MatchedFaces result={result} />
          </div>
          <div className="stack">
            <div className="find-results__head">
              <h3 className="find-results__title" aria-live="polite">
                {plural(result.total, 'photo')} with {result.mode === 'all' ? 'all' : 'any'} of these people
              </h3>
              <ModeSwitch />
            </div>
            {result.photos.length === 0 ? (
              <div className="empty">
                <p className="empty__title">No photos found</p>
                <p className="muted">
                  {result.faces.some((face) => face.person)
                    ? 'Try "With any of them" to see photos of each person.'
                    : 'Nobody in this photo is known yet.'}
                </p>
              </div>
            ) : (
              <>
                <VirtualPhotoGrid
                  renderViewer={renderPhotoViewer}
                  label="Photos found"
                  count={result.photos.length}
                  photoAt={at}
                  onVisibleRange={noop}
                />
                {result.total > result.photos.length && (
                  <p className="muted">The best {formatCount(result.photos.length)} are shown.</p>
                )}
              </>
            )}
          </div>
        </div>
      ) : (
        !load.loading && (
          <div className="empty">
            <p className="empty__title">Who is in this photo?</p>
            <p className="muted">Choose a photo to see its faces, who each one is, and the photos they are in.</p>
          </div>
        )
      )}
    </section>
  );
}
