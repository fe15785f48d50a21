import type { Page } from '../../src-shared/types/photo.js';
import { formatCount } from '../util/format.js';

type PagerProps = Readonly<{ page: Page<unknown>; noun: string; onPage(offset: number): void }>;

export function Pager({ page, noun, onPage }: PagerProps) {
  const { offset, limit, total, items } = page;
  if (total <= limit && offset === 0) return null;
  const first = total === 0 ? 0 : offset + 1;
  // A new page starts at its top, not where the button was.
  const go = (next: number) => {
    onPage(next);
    window.scrollTo({ top: 0 });
  };
  const last = offset + items.length;
  return (
    <nav className="pager" aria-label={`Pages of ${noun}`}>
      <button
        type="button"
        className="button button--quiet"
        disabled={offset === 0}
        onClick={() => go(Math.max(0, offset - limit))}
      >
        <span aria-hidden="true">←</span> Previous
      </button>
      <span className="pager__range" aria-live="polite">
        {formatCount(first)}–{formatCount(last)} of {formatCount(total)}
      </span>
      <button
        type="button"
        className="button button--quiet"
        disabled={last >= total}
        onClick={() => go(offset + limit)}
      >
        Next <span aria-hidden="true">→</span>
      </button>
    </nav>
  );
}
