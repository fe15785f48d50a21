import { useMemo } from 'react';
import type { ImageFormat } from '../../../src-shared/types/photo.js';
import { selectCounts } from '../../store/selectors.js';
import { useAppStore } from '../../store/useAppStore.js';
import { formatCount, formatLabel } from '../../util/format.js';

export function FormatBreakdown() {
  const counts = useAppStore(selectCounts);
  const rows = useMemo(
    () =>
      Object.entries(counts?.byFormat ?? {})
        .filter((entry): entry is [ImageFormat | 'unknown', number] => (entry[1] ?? 0) > 0)
        .sort((a, b) => b[1] - a[1]),
    [counts],
  );
  if (!counts || rows.length === 0) return null;
  const largest = rows[0]?.[1] ?? 1;
  return (
    <section className="card" aria-labelledby="formats-title">
      <h2 id="formats-title" className="card__title">
        Formats
      </h2>
      <ul className="formats">
        {rows.map(([format, count]) => (
          <li key={format} className="formats__row">
            <span className="formats__name">{formatLabel(format)}</span>
            <span className="formats__bar" aria-hidden="true">
              <span style={{ width: `${Math.max(2, (count / largest) * 100)}%` }} />
            </span>
            <span className="formats__count">{formatCount(count)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
