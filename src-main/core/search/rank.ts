import type { DocColumn } from '../db/repos/searchRepo.js';
import type { MatchVia, QueryPlan } from './queryPlan.js';
import { despace, tokenize } from './tokenize.js';

/*
 * Ranking: a photo's score is the sum over the query's concepts of its best match for each, a match weighing
 * expansion weight × IDF of the matched term × the signal's strength (a tag's confidence, nudged by its box size; a
 * field weight for words). IDF is what keeps "man", "people" and "table" (person and dining table are in most photos)
 * from outvoting the one rare word that picks the photo. Optionally blended with CLIP similarity by the caller.
 */

export type TextField = DocColumn | 'despaced';

export type MatchReason =
  | Readonly<{ kind: 'tag'; query: string; label: string; confidence: number; via: MatchVia; score: number }>
  | Readonly<{ kind: 'text'; query: string; field: TextField; term: string; via: MatchVia; score: number }>;

export type RankedHit = Readonly<{
  photoId: number;
  score: number;
  /** The offline score before any CLIP blend. */
  offlineScore: number;
  /** Cosine similarity from CLIP when the caller blended it in, else null. */
  clipScore: number | null;
  /** The best match of each query concept that matched, strongest first. */
  reasons: readonly MatchReason[];
}>;

export type SearchEngine = 'offline' | 'offline+clip';

export type RankedPage = Readonly<{
  engine: SearchEngine;
  query: string;
  total: number;
  hits: readonly RankedHit[];
}>;

/** Where the ranker reads postings; the search repository in the app, the same over SQLite in the eval. */
export interface SearchSignals {
  photoCount(): number;
  /** The mean over photos of their tag mass (sum of their labels' confidences). */
  meanTagMass(): number;
  /** [photoId, confidence, area, photo's tag mass] per photo carrying the label. */
  tagPostings(label: string): readonly (readonly [number, number, number, number])[];
  docPostings(column: DocColumn, tokens: readonly string[]): readonly number[];
  despacedPostings(fragment: string): readonly number[];
}

export const FIELD_WEIGHTS: Readonly<Record<TextField, number>> = {
  ocr: 1,
  despaced: 0.8,
  people: 1.5,
  scenes: 1.2,
  folders: 0.9,
  dates: 1,
};
const WORD_COLUMNS: readonly DocColumn[] = ['ocr', 'people', 'scenes', 'folders', 'dates'];

/** Share of a tag's strength that depends on its box size (a box of a quarter of the photo or more counts fully). */
export const AREA_SHARE = 0.15;
/**
 * Length normalization of tag matches, as BM25's b: a photo with many objects matches many queries in part, so a tag
 * counts less in a busy photo than in one where it is most of what is there.
 */
export const TAG_MASS_NORMALIZATION = 0.3;
/** Shortest de-spaced fragment looked for inside OCR text: shorter ones match by chance. */
export const MIN_DESPACED = 4;

export type ClipBlend = Readonly<{ scores: ReadonlyMap<number, number>; weight: number }>;
export type RankOptions = Readonly<{ offset: number; limit: number; clip?: ClipBlend }>;

/** BM25's IDF: never negative, ~ln(N/df) for rare terms. */
export function idf(documents: number, frequency: number): number {
  return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
}

export function tagStrength(confidence: number, area: number, mass: number, meanMass: number): number {
  const b = TAG_MASS_NORMALIZATION;
  const busy = meanMass > 0 ? 1 - b + (b * mass) / meanMass : 1;
  return (confidence * (1 - AREA_SHARE + AREA_SHARE * Math.min(1, Math.sqrt(area) * 2))) / busy;
}

type Best = { score: number; reason: MatchReason };
type Accumulated = { score: number; reasons: MatchReason[] };

function keepBest(best: Map<number, Best>, photoId: number, score: number, reason: () => MatchReason): void {
  const current = best.get(photoId);
  if (!current || current.score < score) best.set(photoId, { score, reason: reason() });
}

function conceptMatches(
  concept: QueryPlan['concepts'][number],
  signals: SearchSignals,
  documents: number,
  meanMass: number,
): Map<number, Best> {
  const best = new Map<number, Best>();
  for (const tag of concept.tags) {
    const postings = signals.tagPostings(tag.term);
    if (postings.length === 0) continue;
    const weight = tag.weight * idf(documents, postings.length);
    for (const [photoId, confidence, area, mass] of postings) {
      const score = weight * tagStrength(confidence, area, mass, meanMass);
      keepBest(best, photoId, score, () => ({
        kind: 'tag',
        query: concept.text,
        label: tag.term,
        confidence,
        via: tag.via,
        score,
      }));
    }
  }
  const addText = (ids: readonly number[], field: TextField, term: string, weight: number, via: MatchVia): void => {
    if (ids.length === 0) return;
    const score = weight * FIELD_WEIGHTS[field] * idf(documents, ids.length);
    for (const photoId of ids) {
      keepBest(best, photoId, score, () => ({ kind: 'text', query: concept.text, field, term, via, score }));
    }
  };
  const seen = new Set<string>();
  for (const word of concept.words) {
    const tokens = tokenize(word.term);
    const key = tokens.join(' ');
    if (tokens.length === 0 || seen.has(key)) continue;
    seen.add(key);
    for (const column of WORD_COLUMNS) addText(signals.docPostings(column, tokens), column, key, word.weight, word.via);
    const fragment = despace(word.term);
    if (fragment.length >= MIN_DESPACED) {
      addText(signals.despacedPostings(fragment), 'despaced', fragment, word.weight, word.via);
    }
  }
  return best;
}

function byScore(a: RankedHit, b: RankedHit): number {
  return b.score - a.score || a.photoId - b.photoId;
}

/** Ranks every photo matching at least one concept; returns one page. */
export function rankPhotos(plan: QueryPlan, signals: SearchSignals, options: RankOptions): RankedPage {
  const documents = Math.max(1, signals.photoCount());
  const meanMass = signals.meanTagMass();
  const totals = new Map<number, Accumulated>();
  for (const concept of plan.concepts) {
    for (const [photoId, { score, reason }] of conceptMatches(concept, signals, documents, meanMass)) {
      const acc = totals.get(photoId);
      if (acc) {
        acc.score += score;
        acc.reasons.push(reason);
      } else totals.set(photoId, { score, reasons: [reason] });
    }
  }
  const clip = options.clip;
  let hits: RankedHit[];
  if (clip) {
    // Offline scores are unbounded sums; scaled by the best one they meet cosine similarities on a common range.
    let top = 0;
    for (const { score } of totals.values()) top = Math.max(top, score);
    const ids = new Set([...totals.keys(), ...clip.scores.keys()]);
    hits = [...ids].map((photoId) => {
      const offline = totals.get(photoId);
      const offlineScore = offline?.score ?? 0;
      const clipScore = clip.scores.get(photoId) ?? 0;
      const score = (1 - clip.weight) * (top > 0 ? offlineScore / top : 0) + clip.weight * clipScore;
      return { photoId, score, offlineScore, clipScore, reasons: sortedReasons(offline?.reasons ?? []) };
    });
  } else {
    hits = [...totals].map(([photoId, { score, reasons }]) => ({
      photoId,
      score,
      offlineScore: score,
      clipScore: null,
      reasons: sortedReasons(reasons),
    }));
  }
  hits.sort(byScore);
  return {
    engine: clip ? 'offline+clip' : 'offline',
    query: plan.query,
    total: hits.length,
    hits: hits.slice(options.offset, options.offset + options.limit),
  };
}

function sortedReasons(reasons: MatchReason[]): MatchReason[] {
  return reasons.sort((a, b) => b.score - a.score);
}
