import type { FaceSummary } from '../../../src-shared/types/face.js';
import type { FaceId } from '../../../src-shared/types/ids.js';
import { FaceAvatar } from '../../components/FaceAvatar.js';

type FaceGridProps = Readonly<{
  label: string;
  faces: readonly FaceSummary[];
  selected: ReadonlySet<FaceId>;
  onToggle(id: FaceId): void;
  /** The face shown as the person's cover, marked as such. */
  coverId?: FaceId | null;
}>;

export function faceLabel(face: FaceSummary): string {
  return `Face ${face.id}${face.person?.confirmed ? ', confirmed' : ''}`;
}

/** Face crops to tick for a correction; each is a checkbox named after the face. */
export function FaceGrid({ label, faces, selected, onToggle, coverId = null }: FaceGridProps) {
  return (
    <ul className="faces" aria-label={label}>
      {faces.map((face) => (
        <li key={face.id}>
          <label
            className={`face panel${selected.has(face.id) ? ' face--selected' : ''}`}
            title={`Quality ${Math.round(face.quality.score * 100)}%`}
          >
            <input
              type="checkbox"
              className="face__check"
              checked={selected.has(face.id)}
              onChange={() => onToggle(face.id)}
            />
            <FaceAvatar url={face.thumbUrl} label={faceLabel(face)} />
            {face.id === coverId && <span className="face__tag">Cover</span>}
          </label>
        </li>
      ))}
    </ul>
  );
}
