import { useEffect, useState } from 'react';
import type { PhotoSummary } from '../../../src-shared/types/photo.js';
import type { FaceSummary } from '../../../src-shared/types/face.js';
import { selectViewerFaces, selectViewerLoad } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { Dialog } from '../../components/Dialog.js';
import type { GridViewerProps } from '../../components/VirtualPhotoGrid.js';

/** The same fallback the core gives a person without a name (PersonSummary.displayName). */
function personLabel(face: FaceSummary): string {
  if (!face.person) return 'Unknown';
  return face.person.name ?? `Person ${face.person.id}`;
}

/** Whether the full-size picture of the photo shown has arrived yet, and whether it could not be shown. */
type FullSize = 'loading' | 'loaded' | 'failed';

/**
 * The thumbnail at once, the photo rendered for display (`photoUrl`) over it once it has arrived. Both fill the same
 * stage, sized by the photo's own aspect ratio, so face boxes (relative to the photo) fit either.
 */
function ViewerPicture({
  photo,
  full,
  onFullSize,
}: Readonly<{ photo: PhotoSummary; full: FullSize; onFullSize(state: FullSize): void }>) {
  const large = photo.photoUrl !== null && full !== 'failed';
  if (!photo.thumbUrl && !photo.photoUrl) {
    return (
      <div className="viewer__image tile__placeholder" role="img" aria-label={`${photo.name} (no preview)`}>
        {photo.format?.toUpperCase() ?? '?'}
      </div>
    );
  }
  return (
    <>
      {/* Decorative under the large picture, which carries the name; the picture when the large one fails. */}
      {photo.thumbUrl && (
        <img className="viewer__image viewer__image--thumb" src={photo.thumbUrl} alt={large ? '' : photo.name} />
      )}
      {large && (
        <img
          className={`viewer__image viewer__image--full${full === 'loaded' ? '' : ' viewer__image--pending'}`}
          src={photo.photoUrl ?? undefined}
          alt={photo.name}
          decoding="async"
          onLoad={() => onFullSize('loaded')}
          onError={() => onFullSize('failed')}
        />
      )}
    </>
  );
}

function faceNote(count: number, full: FullSize): string {
  const faces = `${count} ${count === 1 ? 'face' : 'faces'}.`;
  if (full === 'loading') return `${faces} Loading the full-size photo…`;
  if (full === 'failed') return `${faces} The full-size photo could not be shown: this is its thumbnail.`;
  return faces;
}

/**
 * A grid's photo shown large with its faces boxed and named; Left/Right step through the grid. The thumbnail shows at
 * once and the photo rendered for display replaces it when it has arrived.
 */
export function PhotoViewer({ index, count, photoAt, onIndex }: GridViewerProps) {
  const photo = index === null ? undefined : photoAt(index);
  const faces = useAppStore(selectViewerFaces);
  const load = useAppStore(selectViewerLoad);
  const { loadPhotoFaces, navigate } = useAppActions();
  const photoId = photo?.id;
  useEffect(() => {
    if (photoId !== undefined) void loadPhotoFaces(photoId);
  }, [loadPhotoFaces, photoId]);

  const step = (by: number) => {
    if (index === null) return;
    const next = index + by;
    if (next >= 0 && next < count) onIndex(next);
  };
  // On the window while open: focus starts on the dialog's Close button, outside anything a handler could sit on.
  useEffect(() => {
    if (index === null) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const next = event.key === 'ArrowLeft' ? index - 1 : event.key === 'ArrowRight' ? index + 1 : null;
      if (next !== null && next >= 0 && next < count) onIndex(next);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [index, count, onIndex]);
  // Keyed by photo: stepping to the next photo starts it loading again without an effect to reset it.
  const [fullOf, setFullOf] = useState<Readonly<{ photoId: number; state: FullSize }> | null>(null);
  const full: FullSize = fullOf !== null && fullOf.photoId === photoId ? fullOf.state : 'loading';
  const shown = photo && faces?.photoId === photo.id ? faces.faces : null;
  const ratio = photo?.width && photo.height ? photo.width / photo.height : 1;

  return (
    <Dialog
      open={index !== null}
      title={photo?.name ?? 'Photo'}
      onClose={() => onIndex(null)}
      wide
      footer={
        <>
          <span className="muted viewer__position">{index !== null && `${index + 1} of ${count}`}</span>
          <button type="button" className="button" disabled={index === null || index <= 0} onClick={() => step(-1)}>
            Previous
          </button>
          <button
            type="button"
            className="button"
            disabled={index === null || index >= count - 1}
            onClick={() => step(1)}
          >
            Next
          </button>
        </>
      }
    >
      <div className="viewer">
        {!photo ? (
          <p className="muted">Loading photo…</p>
        ) : (
          <div className="viewer__stage" style={{ aspectRatio: ratio, width: `min(100%, calc(65vh * ${ratio}))` }}>
            <ViewerPicture
              key={photo.id}
              photo={photo}
              full={full}
              onFullSize={(state) => setFullOf({ photoId: photo.id, state })}
            />
            {shown && shown.length > 0 && (
              <ul className="viewer__faces" aria-label="Faces in this photo">
                {shown.map((face) => (
                  <FaceBox key={face.id} face={face} onPerson={(personId) => navigate({ name: 'person', personId })} />
                ))}
              </ul>
            )}
          </div>
        )}
        <p className="muted viewer__note" role="status">
          {load.error
            ? `Faces could not be loaded: ${load.error}`
            : !shown
              ? 'Looking up faces…'
              : shown.length === 0
                ? 'No faces found in this photo.'
                : faceNote(shown.length, photo?.photoUrl ? full : 'loaded')}
        </p>
      </div>
    </Dialog>
  );
}

function FaceBox({
  face,
  onPerson,
}: Readonly<{ face: FaceSummary; onPerson(id: NonNullable<FaceSummary['person']>['id']): void }>) {
  const label = personLabel(face);
  const { x, y, width, height } = face.box;
  const style = { left: `${x * 100}%`, top: `${y * 100}%`, width: `${width * 100}%`, height: `${height * 100}%` };
  const person = face.person;
  return (
    <li className={person ? 'viewer__face' : 'viewer__face viewer__face--unknown'} style={style}>
      {person ? (
        <button
          type="button"
          className="viewer__label"
          aria-label={`Open ${label}`}
          onClick={() => onPerson(person.id)}
        >
          {label}
        </button>
      ) : (
        <span className="viewer__label">{label}</span>
      )}
    </li>
  );
}

/** For VirtualPhotoGrid's renderViewer: a grid's photos open in the viewer. */
export const renderPhotoViewer = (props: GridViewerProps) => <PhotoViewer {...props} />;
