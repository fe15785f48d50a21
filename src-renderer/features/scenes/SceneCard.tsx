import type { SceneSummary } from '../../../src-shared/types/scene.js';
import { useAppActions } from '../../store/useAppStore.js';
import { plural } from '../../util/format.js';
import { InlineName } from '../people/InlineName.js';

/** How many of a scene's most typical photos its card shows. */
const CARD_SAMPLES = 4;

type SceneCardProps = Readonly<{ scene: SceneSummary; selected: boolean }>;

/** One scene: a mosaic of its most typical photos (opens it), its name to rename, its size, a tick for exporting. */
export function SceneCard({ scene, selected }: SceneCardProps) {
  const { navigate, toggleSceneSelected, renameScene } = useAppActions();
  const samples = scene.samples.slice(0, CARD_SAMPLES);
  return (
    <li className={`scene-card panel${selected ? ' scene-card--selected' : ''}`}>
      <button
        type="button"
        className="scene-card__open"
        aria-label={`Open ${scene.displayName}`}
        onClick={() => navigate({ name: 'scene', sceneId: scene.id })}
      >
        <span className={`scene-mosaic scene-mosaic--${Math.max(1, samples.length)}`}>
          {samples.length === 0 && <span className="scene-mosaic__empty">No preview</span>}
          {samples.map((photo) =>
            photo.thumbUrl ? (
              <img key={photo.id} src={photo.thumbUrl} alt="" loading="lazy" decoding="async" />
            ) : (
              <span key={photo.id} className="scene-mosaic__empty" />
            ),
          )}
        </span>
      </button>
      <div className="scene-card__body">
        <input
          type="checkbox"
          className="scene-card__select"
          aria-label={`Select ${scene.displayName}`}
          checked={selected}
          onChange={() => toggleSceneSelected(scene.id)}
        />
        <InlineName subject={scene} onRename={(name) => renameScene(scene.id, name)} />
      </div>
      <p className="person-card__meta scene-card__meta">{plural(scene.photoCount, 'photo')}</p>
    </li>
  );
}
