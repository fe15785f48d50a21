import { useCallback } from 'react';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import type { SparsePages } from '../store/appState.js';
import { itemAt } from '../store/sparsePages.js';

/**
 * What a VirtualPhotoGrid over a sparse list needs: the photo at an index (undefined while its page loads) and the
 * visible-range callback that asks for every page the visible rows fall in (the loader asks each page once).
 */
export function useSparseGrid(
  photos: SparsePages<PhotoSummary> | null,
  loadPage: (index: number) => Promise<void>,
): Readonly<{ photoAt(index: number): PhotoSummary | undefined; onVisibleRange(first: number, last: number): void }> {
  const onVisibleRange = useCallback(
    (first: number, last: number) => {
      if (!photos) return;
      for (let page = Math.floor(first / photos.pageSize); page <= Math.floor(last / photos.pageSize); page++) {
        void loadPage(page);
      }
    },
    [photos, loadPage],
  );
  const photoAt = useCallback((index: number) => (photos ? itemAt(photos, index) : undefined), [photos]);
  return { photoAt, onVisibleRange };
}
