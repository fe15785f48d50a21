import { VirtualPhotoGrid } from '../../components/VirtualPhotoGrid.js';
import { selectLibraryPhotos, selectRoots } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { useSparseGrid } from '../useSparseGrid.js';
import { renderPhotoViewer } from '../viewer/PhotoViewer.js';

/** Every photo of the library, newest first, in one scrolling grid that loads its pages as they come on screen. */
export function PhotoGrid() {
  const photos = useAppStore(selectLibraryPhotos);
  const hasRoots = useAppStore(selectRoots).length > 0;
  const { loadPhotoPage } = useAppActions();
  const { photoAt: at, onVisibleRange } = useSparseGrid(photos, loadPhotoPage);
  if (!photos) return <p className="empty">Loading photos…</p>;
  if (photos.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No photos yet</p>
        <p className="muted">
          {hasRoots ? 'Scan your folders to see their photos here.' : 'Add a folder of photos to get started.'}
        </p>
      </div>
    );
  }
  return (
    <VirtualPhotoGrid
      renderViewer={renderPhotoViewer}
      label="Photos"
      count={photos.total}
      photoAt={at}
      onVisibleRange={onVisibleRange}
    />
  );
}
