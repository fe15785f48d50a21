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
  /** How the query was understood (its text is plan.query). */
  plan: QueryPlan;
  total: number;
  hits: readonly RankedHit[];
}>;

/** Photo ids in ascending order (an array, or a typed array from a cache). */
export type PhotoIds = Readonly<ArrayLike<number>>;

/** A label's photos in ascending id order, with each tag's confidence and its strength (see tagStrength). */
export type TagPostings = Readonly<{ ids: Int32Array; confidence: Float64Array; strength: Float32Array }>;

/** Where the ranker reads postings: the search repository (through a cache) in the app and in the eval. */
export interface SearchSignals {
  photoCount(): number;
  /** The largest photo id in the library (scores are kept in arrays indexed by id). */
  maxPhotoId(): number;
  tagPostings(label: string): TagPostings;
  /** Photo ids in ascending order. */
  docPostings(column: DocColumn, tokens: readonly string[]): PhotoIds;
  despacedPostings(fragment: string): PhotoIds;
}

/*
 * Text read in a photo is weak evidence that the photo shows that word ("white", "water" on a sign), while a tag is
 * what the photo shows: at 1.0 an OCR word (alone in its postings, so at the highest IDF) outranked every tag, and
 * COCO caption recall@1 fell from 0.46 to 0.33. A query that only the text answers ("ardnamurchan") still finds it.
 */
export const FIELD_WEIGHTS: Readonly<Record<TextField, number>> = {
  ocr: 0.3,
  despaced: 0.25,
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
/**
 * Shortest de-spaced fragment looked for inside OCR text: shorter ones match inside other words by chance ("table" in
 * a misread "comlortable"); the recognizer now restores most spaces, so run-together words are the rarer case.
 */
export const MIN_DESPACED = 6;

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

/** One way a concept can match: a tag label or a text term in one field, with its postings and per-photo score. */
type Alternative =
  | Readonly<{ kind: 'tag'; label: string; via: MatchVia; weight: number; postings: TagPostings }>
  | Readonly<{ kind: 'text'; field: TextField; term: string; via: MatchVia; score: number; ids: PhotoIds }>;

function alternativesOf(
  concept: QueryPlan['concepts'][number],
  signals: SearchSignals,
  documents: number,
): Alternative[] {
  const out: Alternative[] = [];
  for (const tag of concept.tags) {
    const postings = signals.tagPostings(tag.term);
    if (postings.ids.length === 0) continue;
    const weight = tag.weight * idf(documents, postings.ids.length);
    out.push({ kind: 'tag', label: tag.term, via: tag.via, weight, postings });
  }
  const addText = (ids: PhotoIds, field: TextField, term: string, weight: number, via: MatchVia): void => {
    if (ids.length === 0) return;
    out.push({
      kind: 'text',
      field,
      term,
      via,
      ids,
      score: weight * FIELD_WEIGHTS[field] * idf(documents, ids.length),
    });
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
  return out;
}

function indexOfSorted(ids: PhotoIds, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else if (ids[mid]! > id) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** The score an alternative gives one photo, with the reason to show (null when it does not match the photo). */
function matchOf(alternative: Alternative, query: string, photoId: number): MatchReason | null {
  if (alternative.kind === 'text') {
    if (indexOfSorted(alternative.ids, photoId) < 0) return null;
    const { field, term, via, score } = alternative;
    return { kind: 'text', query, field, term, via, score };
  }
  const { ids, confidence, strength } = alternative.postings;
  const at = indexOfSorted(ids, photoId);
  if (at < 0) return null;
  const score = alternative.weight * strength[at]!;
  return { kind: 'tag', query, label: alternative.label, confidence: confidence[at]!, via: alternative.via, score };
}

/**
 * Keeps the `size` best (score desc, id asc) of a stream in a binary min-heap: a page of 50 out of 100,000 matches
 * costs one pass, not a sort.
 */
class TopK {
  private readonly ids: number[] = [];
  constructor(
    private readonly size: number,
    private readonly score: Float64Array,
  ) {}
  private worse(a: number, b: number): boolean {
    const sa = this.score[a]!;
    const sb = this.score[b]!;
    return sa < sb || (sa === sb && a > b);
  }
  offer(id: number): void {
    const heap = this.ids;
    if (heap.length < this.size) {
      heap.push(id);
      for (let i = heap.length - 1; i > 0;) {
        const parent = (i - 1) >> 1;
        if (!this.worse(heap[i]!, heap[parent]!)) break;
        [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
        i = parent;
      }
    } else if (heap.length > 0 && this.worse(heap[0]!, id)) {
      heap[0] = id;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.worse(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.worse(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
  }
  /** Best first. */
  sorted(): number[] {
    return [...this.ids].sort((a, b) => (this.worse(a, b) ? 1 : this.worse(b, a) ? -1 : 0));
  }
}

/** Ranks every photo matching at least one concept; returns one page with the reasons of each hit. */
export function rankPhotos(plan: QueryPlan, signals: SearchSignals, options: RankOptions): RankedPage {
  const documents = Math.max(1, signals.photoCount());
  const size = signals.maxPhotoId() + 1;
  const total = new Float64Array(size);
  const best = new Float64Array(size);
  const matched: number[] = [];
  const conceptAlternatives: Alternative[][] = [];
  for (const concept of plan.concepts) {
    const alternatives = alternativesOf(concept, signals, documents);
    conceptAlternatives.push(alternatives);
    // A concept counts once per photo, through its best alternative.
    const touched: number[] = [];
    const raise = (id: number, score: number): void => {
      if (id >= size || !(score > 0)) return; // id ≥ size: a photo added after maxPhotoId was read
      if (best[id] === 0) touched.push(id);
      if (score > best[id]!) best[id] = score;
    };
    for (const alternative of alternatives) {
      if (alternative.kind === 'tag') {
        const { ids, strength } = alternative.postings;
        for (let j = 0; j < ids.length; j++) raise(ids[j]!, alternative.weight * strength[j]!);
      } else {
        const { ids, score } = alternative;
        for (let j = 0; j < ids.length; j++) raise(ids[j]!, score);
      }
    }
    for (const id of touched) {
      if (total[id] === 0) matched.push(id);
      total[id] = total[id]! + best[id]!;
      best[id] = 0;
    }
  }
  const clip = options.clip;
  const hits = clip
    ? blendClip(matched, total, clip)
    : pageOf(matched, total, options).map((photoId) => ({ photoId, score: total[photoId]!, clipScore: null }));
  const page = clip ? hits.slice(options.offset, options.offset + options.limit) : hits;
  return {
    engine: clip ? 'offline+clip' : 'offline',
    plan,
    total: clip ? hits.length : matched.length,
    hits: page.map(({ photoId, score, clipScore }) => ({
      photoId,
      score,
      offlineScore: total[photoId] ?? 0,
      clipScore,
      reasons: reasonsOf(photoId, plan, conceptAlternatives),
    })),
  };
}

function pageOf(matched: readonly number[], total: Float64Array, options: RankOptions): number[] {
  const top = new TopK(options.offset + options.limit, total);
  for (const id of matched) top.offer(id);
  return top.sorted().slice(options.offset);
}

function blendClip(
  matched: readonly number[],
  total: Float64Array,
  clip: ClipBlend,
): { photoId: number; score: number; clipScore: number }[] {
  // Offline scores are unbounded sums; scaled by the best one they meet cosine similarities on a common range.
  let top = 0;
  for (const id of matched) top = Math.max(top, total[id]!);
  const ids = new Set([...matched, ...clip.scores.keys()]);
  return [...ids]
    .map((photoId) => {
      const offline = total[photoId] ?? 0;
      const clipScore = clip.scores.get(photoId) ?? 0;
      return { photoId, clipScore, score: (1 - clip.weight) * (top > 0 ? offline / top : 0) + clip.weight * clipScore };
    })
    .sort((a, b) => b.score - a.score || a.photoId - b.photoId);
}

function reasonsOf(photoId: number, plan: QueryPlan, conceptAlternatives: readonly Alternative[][]): MatchReason[] {
  const reasons: MatchReason[] = [];
  plan.concepts.forEach((concept, c) => {
    let strongest: MatchReason | null = null;
    for (const alternative of conceptAlternatives[c]!) {
      const match = matchOf(alternative, concept.text, photoId);
      if (match && (!strongest || match.score > strongest.score)) strongest = match;
    }
    if (strongest) reasons.push(strongest);
  });
  return reasons.sort((a, b) => b.score - a.score);
}
