import { memo, useEffect, useState } from 'react';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import { StatusBadge } from './StatusBadge.js';
import { thumbnailStarts } from './thumbnailPacer.js';

/** Thumbnails this page has shown lately (insertion order, oldest dropped): they show at once even while flinging. */
const shown = new Set<string>();
const SHOWN_KEPT = 2000;

function markShown(url: string): void {
  shown.delete(url);
  shown.add(url);
  if (shown.size > SHOWN_KEPT) shown.delete(shown.values().next().value!);
}

/**
 * One tile of the grid: the thumbnail, or a plain placeholder when there is none or it fails to load. Memoized: a
 * scrolling grid re-renders its rows every frame, and unchanged tiles should cost nothing.
 */
export const Thumbnail = memo(function Thumbnail({
  photo,
  onOpen,
  eager = false,
  holdNew = false,
  paced = false,
}: Readonly<{
  photo: PhotoSummary;
  /** Makes the picture a button that opens the photo large. */ onOpen?: () => void;
  /**
   * Load at once: for a virtualized grid, which mounts only tiles near the screen already. The browser's lazy loading
   * would only add its own visibility tracking to every tile and hold the image back until it is closer still.
   */
  eager?: boolean;
  /** Render a bare frame instead of a tile whose thumbnail was not shown lately (see useFastScroll). */
  holdNew?: boolean;
  /** Wait for a turn to load a thumbnail not shown lately (see thumbnailPacer): the grid is scrolling. */
  paced?: boolean;
}>) {
  const [failed, setFailed] = useState(false);
  const thumbUrl = photo.thumbUrl;
  const recent = thumbUrl !== null && shown.has(thumbUrl);
  // Once started, a thumbnail stays: a grid that scrolls again does not take it back.
  const [started, setStarted] = useState(!paced);
  useEffect(() => {
    if (started || holdNew || thumbUrl === null || recent) return;
    if (!paced) {
      setStarted(true);
      return;
    }
    return thumbnailStarts.wait(() => setStarted(true));
  }, [started, holdNew, thumbUrl, recent, paced]);
  // Flinging: a bare frame. A fling mounts a row or two every frame and scrolls them away before a caption could be
  // read; the whole tile renders once the scroll slows. At 400 px a frame this cut the main thread's median work by
  // a third.
  if (holdNew && !recent) {
    return (
      <figure className="tile">
        <div className="tile__frame tile__frame--loading" />
      </figure>
    );
  }
  const waiting = thumbUrl !== null && !recent && paced && !started;
  const size = photo.width && photo.height ? `${photo.width} × ${photo.height}` : null;
  const preview =
    thumbUrl && !failed ? (
      <img
        src={thumbUrl}
        alt={photo.name}
        loading={eager ? 'eager' : 'lazy'}
        decoding="async"
        onLoad={() => markShown(thumbUrl)}
        onError={() => setFailed(true)}
      />
    ) : (
      <div className="tile__placeholder" role="img" aria-label={`${photo.name} (no preview)`}>
        {photo.format?.toUpperCase() ?? '?'}
      </div>
    );
  const picture = waiting ? null : preview;
  return (
    <figure className="tile" title={photo.path}>
      <div className={waiting ? 'tile__frame tile__frame--loading' : 'tile__frame'}>
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
