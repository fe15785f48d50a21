import { useEffect, useMemo } from 'react';
import type { SceneId } from '../../../src-shared/types/ids.js';
import { Alert } from '../../components/Alert.js';
import { BackIcon } from '../../components/Icons.js';
import { VirtualPhotoGrid, type TileDetail } from '../../components/VirtualPhotoGrid.js';
import { selectScene, selectSceneLoad, selectScenePhotos, selectScenesError } from '../../store/scenesSelectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { plural } from '../../util/format.js';
import { InlineName } from '../people/InlineName.js';
import { SimilarDialog } from './SimilarDialog.js';
import { useSparseGrid } from '../useSparseGrid.js';
import { renderPhotoViewer } from '../viewer/PhotoViewer.js';

/** The "More like this" line under each tile (see .tile-action in styles.css). */
const ACTION_HEIGHT = 30;

function ScenePhotos() {
  const photos = useAppStore(selectScenePhotos);
  const { loadScenePhotoPage, findSimilar } = useAppActions();
  const { photoAt: at, onVisibleRange } = useSparseGrid(photos, loadScenePhotoPage);
  const detail = useMemo<TileDetail>(
    () => ({
      height: ACTION_HEIGHT,
      render: (index) => {
        const photo = at(index);
        return (
          photo && (
            <button
              type="button"
              className="button button--quiet button--small tile-action"
              aria-label={`More like this: ${photo.name}`}
              onClick={() => void findSimilar(photo)}
            >
              More like this
            </button>
          )
        );
      },
    }),
    [at, findSimilar],
  );
  if (!photos) return <p className="empty">Loading photos…</p>;
  if (photos.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No photos</p>
        <p className="muted">This scene has no photos left; re-clustering scenes will drop it.</p>
      </div>
    );
  }
  return (
    <VirtualPhotoGrid
      renderViewer={renderPhotoViewer}
      label="Photos in this scene"
      count={photos.total}
      photoAt={at}
      onVisibleRange={onVisibleRange}
      tileDetail={detail}
    />
  );
}

export function SceneView({ sceneId }: Readonly<{ sceneId: SceneId }>) {
  const scene = useAppStore(selectScene);
  const load = useAppStore(selectSceneLoad);
  const error = useAppStore(selectScenesError);
  const {
    openScene,
    navigate,
    renameScene,
    dismissScenesError,
    setExportOpen,
    clearSceneSelection,
    toggleSceneSelected,
  } = useAppActions();
  useEffect(() => {
    void openScene(sceneId);
  }, [openScene, sceneId]);

  const back = (
    <button type="button" className="button button--quiet" onClick={() => navigate({ name: 'scenes' })}>
      <BackIcon /> Scenes
    </button>
  );
  if (load.error && !scene) {
    return (
      <section className="view" aria-label="Scene">
        <div>{back}</div>
        <div className="empty" role="alert">
          <p className="empty__title">This scene could not be shown</p>
          <p className="muted">{load.error}</p>
        </div>
      </section>
    );
  }
  if (!scene || scene.id !== sceneId) {
    return (
      <section className="view" aria-label="Scene">
        <div>{back}</div>
        <p className="empty">Loading…</p>
      </section>
    );
  }
  const exportScene = () => {
    clearSceneSelection();
    toggleSceneSelected(scene.id);
    setExportOpen(true, 'scenes');
  };
  return (
    <section className="view" aria-labelledby="scene-title">
      <div>{back}</div>
      <div className="person-head panel">
        <div className="person-head__text" id="scene-title">
          <InlineName subject={scene} onRename={(name) => renameScene(scene.id, name)} headingLevel="h2" />
          <p className="muted">{plural(scene.photoCount, 'photo')}, most typical first</p>
        </div>
        <button type="button" className="button" onClick={exportScene}>
          Export…
        </button>
      </div>
      {error && <Alert message={error} onDismiss={dismissScenesError} />}
      <ScenePhotos />
      <SimilarDialog />
    </section>
  );
}
