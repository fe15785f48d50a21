import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import { Thumbnail } from './Thumbnail.js';
import { useFastScroll } from './useFastScroll.js';

const MIN_TILE = 168;
const GAP = 14;
/** The caption line under each tile plus the gap above it (see .tile in styles.css). */
const CAPTION = 24;

/** What a grid hands the viewer its photos open in (the viewer itself is a feature: it reads the store). */
export type GridViewerProps = Readonly<{
  /** Index of the open photo in the grid, or null when closed. */
  index: number | null;
  count: number;
  photoAt(index: number): PhotoSummary | undefined;
  onIndex(index: number | null): void;
}>;

/** Something shown under every tile (e.g. why a search matched it), of a fixed height so rows stay measurable. */
export type TileDetail = Readonly<{ height: number; render(index: number): ReactNode }>;

type GridRowProps = Readonly<{
  first: number;
  columns: number;
  count: number;
  top: number;
  height: number;
  photoAt(index: number): PhotoSummary | undefined;
  detail: TileDetail | undefined;
  /** Tiles whose thumbnails were not shown lately render as bare frames (the grid is flinging). */
  holdNewThumbnails: boolean;
  /** New thumbnails load a few per frame (the grid is scrolling). */
  paceThumbnails: boolean;
  onOpen(index: number): void;
}>;

/**
 * Rows are equal when everything but the lookup is, and the lookup gives this row the same photos: a page arriving
 * makes a new photoAt, and without this every row on screen would render again for photos that are not theirs.
 */
function sameRow(a: GridRowProps, b: GridRowProps): boolean {
  if (
    a.first !== b.first ||
    a.columns !== b.columns ||
    a.count !== b.count ||
    a.top !== b.top ||
    a.height !== b.height ||
    a.detail !== b.detail ||
    a.holdNewThumbnails !== b.holdNewThumbnails ||
    a.paceThumbnails !== b.paceThumbnails ||
    a.onOpen !== b.onOpen
  ) {
    return false;
  }
  if (a.photoAt === b.photoAt) return true;
  for (let index = a.first; index < Math.min(a.count, a.first + a.columns); index++) {
    if (a.photoAt(index) !== b.photoAt(index)) return false;
  }
  return true;
}

/** One row of tiles; memoized so rows that merely stay on screen while scrolling do not render again. */
const GridRow = memo(function GridRow({
  first,
  columns,
  count,
  top,
  height,
  photoAt,
  detail,
  holdNewThumbnails,
  paceThumbnails,
  onOpen,
}: GridRowProps) {
  return (
    <div
      role="none"
      className="vgrid__row"
      style={{ transform: `translateY(${top}px)`, gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`, height }}
    >
      {Array.from({ length: Math.min(columns, count - first) }, (_, column) => {
        const index = first + column;
        const photo = photoAt(index);
        return (
          <div key={index} role="listitem" aria-setsize={count} aria-posinset={index + 1}>
            {photo ? (
              <Thumbnail
                photo={photo}
                onOpen={() => onOpen(index)}
                eager
                holdNew={holdNewThumbnails}
                paced={paceThumbnails}
              />
            ) : (
              <div className="tile__frame tile__frame--loading" />
            )}
            {photo && detail?.render(index)}
          </div>
        );
      })}
    </div>
  );
}, sameRow);

type VirtualPhotoGridProps = Readonly<{
  label: string;
  count: number;
  /** The photo at an index, or undefined while its page is loading (a placeholder tile shows). */
  photoAt(index: number): PhotoSummary | undefined;
  /** Called with the first and last index on screen (plus overscan), so the owner can load those pages. */
  onVisibleRange(first: number, last: number): void;
  /** Optional extra lines under each tile; keep the object stable (useMemo) or every row renders again. */
  tileDetail?: TileDetail;
  /** The viewer a photo opens in (tiles open nothing without it). */
  renderViewer?: (props: GridViewerProps) => ReactNode;
}>;

/**
 * A photo grid that renders only the rows near the viewport, so 100k photos cost what a screenful does. Rows are
 * virtualized against the window scroll (the page keeps one scrollbar); columns follow the container's width.
 */
export function VirtualPhotoGrid({
  label,
  count,
  photoAt,
  onVisibleRange,
  tileDetail,
  renderViewer,
}: VirtualPhotoGridProps) {
  const container = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [scrollMargin, setScrollMargin] = useState(0);
  const [open, setOpen] = useState<number | null>(null);

  useLayoutEffect(() => {
    const element = container.current;
    if (!element) return;
    const observer = new ResizeObserver(() => {
      setWidth(element.clientWidth);
      setScrollMargin(element.getBoundingClientRect().top + window.scrollY);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (MIN_TILE + GAP)));
  const tile = width > 0 ? (width - GAP * (columns - 1)) / columns : MIN_TILE;
  const rowHeight = Math.round(tile + CAPTION + (tileDetail?.height ?? 0) + GAP);
  const rows = Math.ceil(count / columns);

  const virtualizer = useWindowVirtualizer({
    count: rows,
    estimateSize: () => rowHeight,
    overscan: 4,
    scrollMargin,
    // React batches the re-render with the frame instead of flushing synchronously inside every scroll event.
    useFlushSync: false,
  });
  useEffect(() => {
    virtualizer.measure();
  }, [virtualizer, rowHeight]);

  const flinging = useFastScroll(virtualizer.scrollOffset ?? 0, virtualizer.isScrolling);
  const visible = virtualizer.getVirtualItems();
  const firstRow = visible[0]?.index ?? 0;
  const lastRow = visible.at(-1)?.index ?? 0;
  useEffect(() => {
    if (count > 0) onVisibleRange(firstRow * columns, Math.min(count - 1, (lastRow + 1) * columns - 1));
  }, [firstRow, lastRow, columns, count, onVisibleRange]);

  return (
    <>
      <div
        ref={container}
        // While the list scrolls, the pointer does not hover tiles: no hit test and no hover restyle per frame.
        className={virtualizer.isScrolling ? 'vgrid vgrid--scrolling' : 'vgrid'}
        role="list"
        aria-label={label}
        style={{ height: virtualizer.getTotalSize() }}
      >
        {visible.map((row) => (
          <GridRow
            key={row.key}
            first={row.index * columns}
            columns={columns}
            count={count}
            top={row.start - scrollMargin}
            height={rowHeight - GAP}
            photoAt={photoAt}
            detail={tileDetail}
            holdNewThumbnails={flinging}
            paceThumbnails={virtualizer.isScrolling}
            onOpen={setOpen}
          />
        ))}
      </div>
      {renderViewer?.({ index: open, count, photoAt, onIndex: setOpen })}
    </>
  );
}
