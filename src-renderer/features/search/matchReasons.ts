import type { MatchReason, MatchVia, SearchEngine, TextField } from '../../../src-shared/types/search.js';
import { assertNever } from '../../../src-shared/util/assertNever.js';

export type ReasonKind = 'tag' | 'text' | 'name' | 'clip';

/** One reason as shown: a short chip and the full sentence for the tooltip and screen readers. */
export type ReasonView = Readonly<{ kind: ReasonKind; chip: string; full: string }>;

const FIELD_LABELS: Readonly<Record<TextField, string>> = {
  ocr: 'Text',
  despaced: 'Text',
  people: 'Person',
  scenes: 'Scene',
  folders: 'Folder',
  dates: 'Date',
};

const FIELD_SENTENCES: Readonly<Record<TextField, string>> = {
  ocr: 'text read in the photo',
  despaced: 'text read in the photo (words run together)',
  people: "a person's name",
  scenes: "a scene's name",
  folders: 'its folder',
  dates: 'its date',
};

const VIA: Readonly<Record<MatchVia, string>> = {
  exact: '',
  synonym: 'a synonym of',
  hypernym: 'a broader word for',
  hyponym: 'a kind of',
  gloss: 'a word in the definition of',
};

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function viaPhrase(found: string, query: string, via: MatchVia): string {
  return via === 'exact' || found.toLowerCase() === query.toLowerCase() ? '' : ` (${VIA[via]} “${query}”)`;
}

export function describeReason(reason: MatchReason): ReasonView {
  switch (reason.kind) {
    case 'tag':
      return {
        kind: 'tag',
        chip: `${reason.label} ${percent(reason.confidence)}`,
        full: `Object “${reason.label}”, ${percent(reason.confidence)} sure${viaPhrase(reason.label, reason.query, reason.via)}`,
      };
    case 'text': {
      const kind: ReasonKind = reason.field === 'ocr' || reason.field === 'despaced' ? 'text' : 'name';
      return {
        kind,
        chip: `${FIELD_LABELS[reason.field]}: ${reason.term}`,
        full: `“${reason.term}” in ${FIELD_SENTENCES[reason.field]}${viaPhrase(reason.term, reason.query, reason.via)}`,
      };
    }
    case 'clip':
      return {
        kind: 'clip',
        chip: `CLIP ${reason.score.toFixed(2)}`,
        full: `CLIP similarity ${reason.score.toFixed(3)}`,
      };
    default:
      return assertNever(reason, 'match reason');
  }
}

/** Reasons as shown, the same chip only once (two query words may land on one tag). */
export function describeReasons(reasons: readonly MatchReason[]): ReasonView[] {
  const seen = new Set<string>();
  const views: ReasonView[] = [];
  for (const reason of reasons) {
    const view = describeReason(reason);
    if (seen.has(view.chip)) continue;
    seen.add(view.chip);
    views.push(view);
  }
  return views;
}

export function engineLabel(engine: SearchEngine): string {
  return engine === 'offline+clip' ? 'offline + CLIP' : 'offline';
}
