import { memo, useState } from 'react';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import { StatusBadge } from './StatusBadge.js';

/**
 * One tile of the grid: the thumbnail, or a plain placeholder when there is none or it fails to load. Memoized: a
 * scrolling grid re-renders its rows every frame, and unchanged tiles should cost nothing.
 */
export const Thumbnail = memo(function Thumbnail({
  photo,
  onOpen,
  eager = false,
}: Readonly<{
  photo: PhotoSummary;
  /** Makes the picture a button that opens the photo large. */ onOpen?: () => void;
  /**
   * Load at once: for a virtualized grid, which mounts only tiles near the screen already. The browser's lazy loading
   * would only add its own visibility tracking to every tile and hold the image back until it is closer still.
   */
  eager?: boolean;
}>) {
  const [failed, setFailed] = useState(false);
  const size = photo.width && photo.height ? `${photo.width} × ${photo.height}` : null;
  const picture =
    photo.thumbUrl && !failed ? (
      <img
        src={photo.thumbUrl}
        alt={photo.name}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        onError={() => setFailed(true)}
      />
    ) : (
      <div className="tile__placeholder" role="img" aria-label={`${photo.name} (no preview)`}>
        {photo.format?.toUpperCase() ?? '?'}
      </div>
    );
  return (
    <figure className="tile" title={photo.path}>
      <div className="tile__frame">
        {onOpen ? (
          <button type="button" className="tile__open" aria-label={`Open ${photo.name}`} onClick={onOpen}>
            {picture}
          </button>
        ) : (
          picture
        )}
        {photo.status !== 'ok' && (
          <span className="tile__badge">
            <StatusBadge status={photo.status} />
          </span>
        )}
      </div>
      <figcaption className="tile__caption">
        <span className="tile__name">{photo.name}</span>
        {size && <span className="tile__meta">{size}</span>}
      </figcaption>
    </figure>
  );
});
