import { memo } from 'react';
import type { MatchReason } from '../../../src-shared/types/search.js';
import { describeReasons } from './matchReasons.js';

/** Chips shown under a tile; the rest stay readable by screen readers and in the tooltip. */
const SHOWN = 2;

/** Why a photo matched, compactly: the first reasons as chips, every reason in the tooltip. */
export const MatchReasons = memo(function MatchReasons({ reasons }: Readonly<{ reasons: readonly MatchReason[] }>) {
  const views = describeReasons(reasons);
  if (views.length === 0) return null;
  return (
    <ul className="reasons" aria-label="Why it matched" title={views.map((view) => view.full).join('\n')}>
      {views.map((view, index) => (
        <li key={view.chip} className={index < SHOWN ? `chip chip--${view.kind}` : 'visually-hidden'}>
          {index < SHOWN ? view.chip : view.full}
        </li>
      ))}
      {views.length > SHOWN && (
        <li className="chip chip--more" aria-hidden="true">
          +{views.length - SHOWN}
        </li>
      )}
    </ul>
  );
});
