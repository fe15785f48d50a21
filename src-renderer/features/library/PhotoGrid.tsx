import { useState } from 'react';
import { Pager } from '../../components/Pager.js';
import { PhotoViewer } from '../viewer/PhotoViewer.js';
import { Thumbnail } from '../../components/Thumbnail.js';
import { selectPhotosPage, selectRoots } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';

export function PhotoGrid() {
  const page = useAppStore(selectPhotosPage);
  const hasRoots = useAppStore(selectRoots).length > 0;
  const { loadPhotos } = useAppActions();
  const [open, setOpen] = useState<number | null>(null);
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
        {page.items.map((photo, index) => (
          <li key={photo.id}>
            <Thumbnail photo={photo} onOpen={() => setOpen(index)} />
          </li>
        ))}
      </ul>
      <PhotoViewer index={open} count={page.items.length} photoAt={(index) => page.items[index]} onIndex={setOpen} />
      <Pager page={page} noun="photos" onPage={(offset) => void loadPhotos(offset)} />
    </>
  );
}
