import { Pager } from '../../components/Pager.js';
import { Thumbnail } from '../../components/Thumbnail.js';
import { selectPhotosPage, selectRoots } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

export function PhotoGrid() {
  const page = useAppStore(selectPhotosPage);
  const hasRoots = useAppStore(selectRoots).length > 0;
  const { loadPhotos } = useAppActions();
  if (!page) return <p className="empty">Loading photos…</p>;
  if (page.total === 0) {
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
    <>
      <ul className="grid" aria-label="Photos">
        {page.items.map((photo) => (
          <li key={photo.id}>
            <Thumbnail photo={photo} />
          </li>
        ))}
      </ul>
      <Pager page={page} noun="photos" onPage={(offset) => void loadPhotos(offset)} />
    </>
  );
}
