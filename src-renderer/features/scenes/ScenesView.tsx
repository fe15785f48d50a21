import { useEffect } from 'react';
import { DEFAULT_TOP_SCENES } from '../../../src-shared/types/scene.js';
import { Alert } from '../../components/Alert.js';
import { ViewHead } from '../../components/ViewHead.js';
import {
  selectScenes,
  selectScenesError,
  selectScenesJob,
  selectScenesLoad,
  selectScenesTop,
  selectSelectedScenes,
} from '../../store/scenesSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { formatCount, plural } from '../../util/format.js';
import { ClusterJobButton } from '../people/ReclusterButton.js';
import { SceneCard } from './SceneCard.js';

function ScenesReclusterButton() {
  const job = useAppStore(selectScenesJob);
  const { reclusterScenes } = useAppActions();
  return <ClusterJobButton job={job} unit="photos" onStart={() => void reclusterScenes()} />;
}

function SelectionBar() {
  const selected = useAppStore(selectSelectedScenes);
  const { clearSceneSelection, setExportOpen } = useAppActions();
  if (selected.length === 0) return null;
  return (
    <div className="toolbar panel toolbar--accent" role="toolbar" aria-label="Selected scenes">
      <span className="toolbar__count" aria-live="polite">
        {plural(selected.length, 'scene')} selected
      </span>
      <button type="button" className="button button--primary" onClick={() => setExportOpen(true, 'scenes')}>
        Export…
      </button>
      <button type="button" className="button button--quiet" onClick={clearSceneSelection}>
        Clear selection
      </button>
    </div>
  );
}

function SceneList() {
  const scenes = useAppStore(selectScenes);
  const load = useAppStore(selectScenesLoad);
  const top = useAppStore(selectScenesTop);
  const selected = useAppStore(selectSelectedScenes);
  const { loadScenes } = useAppActions();
  if (!scenes && load.error) {
    return (
      <div className="empty" role="alert">
        <p className="empty__title">Scenes could not be loaded</p>
        <p className="muted">{load.error}</p>
        <button type="button" className="button" onClick={() => void loadScenes()}>
          Try again
        </button>
      </div>
    );
  }
  if (!scenes) return <p className="empty">Loading scenes…</p>;
  if (scenes.length === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No scenes yet</p>
        <p className="muted">
          Scenes appear once photos are indexed: their backgrounds are grouped by the kind of place they show.
        </p>
      </div>
    );
  }
  // Fewer than asked for means every scene is shown.
  const more = scenes.length >= top;
  return (
    <div className="stack">
      <SelectionBar />
      <ul className="scenes" aria-label="Scenes" aria-busy={load.loading}>
        {scenes.map((scene) => (
          <SceneCard key={scene.id} scene={scene} selected={selected.includes(scene.id)} />
        ))}
      </ul>
      <div className="scenes__more">
        <span className="muted">
          The {formatCount(scenes.length)} largest {scenes.length === 1 ? 'scene' : 'scenes'}
        </span>
        {more && (
          <button
            type="button"
            className="button"
            disabled={load.loading}
            onClick={() => void loadScenes(top + DEFAULT_TOP_SCENES)}
          >
            Show {DEFAULT_TOP_SCENES} more
          </button>
        )}
        {top > DEFAULT_TOP_SCENES && (
          <button
            type="button"
            className="button button--quiet"
            disabled={load.loading}
            onClick={() => void loadScenes(DEFAULT_TOP_SCENES)}
          >
            Show fewer
          </button>
        )}
      </div>
    </div>
  );
}

export function ScenesView() {
  const error = useAppStore(selectScenesError);
  const { loadScenes, dismissScenesError } = useAppActions();
  useEffect(() => {
    void loadScenes();
  }, [loadScenes]);
  return (
    <section className="view" aria-labelledby="scenes-title">
      <ViewHead
        titleId="scenes-title"
        title="Scenes"
        lead="Photos grouped by the place in the background. Name a scene to find it by name; tick scenes to export them."
      >
        <ScenesReclusterButton />
      </ViewHead>
      {error && <Alert message={error} onDismiss={dismissScenesError} />}
      <SceneList />
    </section>
  );
}
