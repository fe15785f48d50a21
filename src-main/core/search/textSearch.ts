import type { Db } from '../db/database.js';
import * as repo from '../db/repos/searchRepo.js';
import { planQuery, type QueryPlan } from './queryPlan.js';
import { rankPhotos, tagStrength, type ClipBlend, type RankedPage, type SearchSignals } from './rank.js';
import { buildTagVocabulary, type TagVocabulary } from './tagVocabulary.js';
import { loadWordNet, type WordNet } from './wordnet.js';

/*
 * The offline text search over one library: plans the query against the labels the index holds (the vocabulary is
 * rebuilt only when that set changes), reads postings from the search repository and ranks them.
 */

export type TextSearchQuery = Readonly<{ text: string; offset?: number; limit?: number; clip?: ClipBlend }>;

export type TextSearch = Readonly<{
  search(query: TextSearchQuery): RankedPage;
  plan(text: string): QueryPlan;
  /** Loads every label's postings ahead of the first queries (call when idle; costs ~1 s per 100k photos). */
  warm(): void;
}>;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;
export const MAX_QUERY_LENGTH = 500;

let shared: WordNet | undefined;

/** WordNet loaded once per process (~0.3 s, index files only). */
export function sharedWordNet(): WordNet {
  shared ??= loadWordNet();
  return shared;
}

export type LibrarySignals = SearchSignals &
  Readonly<{
    sync(): readonly repo.TagStat[];
    /** Reads every label's postings now (e.g. when the app is idle) so the first queries need not. */
    warm(): void;
  }>;

/** Word postings kept at most (a query reads ~10 per word); past it the cache starts over. */
export const MAX_CACHED_WORD_POSTINGS = 1024;
/** Tag strengths are worked out again when the library's mean tag mass has moved by more than this share. */
const MEAN_MASS_TOLERANCE = 0.01;

type CachedTag = {
  version: number;
  ids: Int32Array;
  confidence: Float64Array;
  area: Float32Array;
  mass: Float32Array;
  strength: Float32Array;
  meanMass: number;
};

/**
 * Search signals over a library's index. Each label's postings are kept as typed arrays until that label's rows
 * change (its version in tag_stats), and word postings until any search document changes: a repeated or extended
 * query then reads almost nothing from SQLite, and indexing one photo invalidates only its own labels. `sync()`
 * checks the versions and returns the tag statistics; call it once per query before any postings.
 */
export function repoSignals(db: Db): LibrarySignals {
  let docs = -1;
  let stats = new Map<string, repo.TagStat>();
  let meanMass = 0;
  const tagCache = new Map<string, CachedTag>();
  const wordCache = new Map<string, Int32Array>();
  const cachedWords = (key: string, read: () => number[]): Int32Array => {
    let ids = wordCache.get(key);
    if (!ids) {
      if (wordCache.size >= MAX_CACHED_WORD_POSTINGS) wordCache.clear();
      ids = Int32Array.from(read());
      wordCache.set(key, ids);
    }
    return ids;
  };
  const readTag = (label: string, version: number): CachedTag => {
    const rows = repo.tagPostings(db, label);
    const n = rows.length;
    const cached: CachedTag = {
      version,
      ids: new Int32Array(n),
      confidence: new Float64Array(n),
      area: new Float32Array(n),
      mass: new Float32Array(n),
      strength: new Float32Array(n),
      meanMass: Number.NaN,
    };
    rows.forEach(([id, confidence, area, mass], i) => {
      cached.ids[i] = id;
      cached.confidence[i] = confidence;
      cached.area[i] = area;
      cached.mass[i] = mass;
    });
    return cached;
  };
  const signals: LibrarySignals = {
    sync() {
      const current = repo.docVersion(db);
      if (current !== docs) wordCache.clear();
      docs = current;
      const list = repo.tagStats(db);
      stats = new Map(list.map((s) => [s.label, s]));
      for (const label of tagCache.keys()) if (!stats.has(label)) tagCache.delete(label);
      let sum = 0;
      for (const s of list) sum += s.confidenceSum;
      meanMass = sum / Math.max(1, repo.photoCount(db));
      return list;
    },
    warm() {
      for (const label of stats.keys()) signals.tagPostings(label);
    },
    photoCount: () => repo.photoCount(db),
    maxPhotoId: () => repo.maxPhotoId(db),
    tagPostings(label) {
      const version = stats.get(label)?.version ?? 0;
      let cached = tagCache.get(label);
      if (!cached || cached.version !== version) {
        cached = readTag(label, version);
        tagCache.set(label, cached);
      }
      if (!(Math.abs(cached.meanMass - meanMass) <= MEAN_MASS_TOLERANCE * meanMass)) {
        for (let i = 0; i < cached.ids.length; i++) {
          cached.strength[i] = tagStrength(cached.confidence[i]!, cached.area[i]!, cached.mass[i]!, meanMass);
        }
        cached.meanMass = meanMass;
      }
      return cached;
    },
    docPostings: (column, tokens) =>
      cachedWords(`${column}\u0000${tokens.join(' ')}`, () => repo.docPostings(db, column, tokens)),
    despacedPostings: (fragment) => cachedWords(`despaced\u0000${fragment}`, () => repo.despacedPostings(db, fragment)),
  };
  return signals;
}

export function createTextSearch(db: Db, wordnet: WordNet = sharedWordNet()): TextSearch {
  let vocabulary: TagVocabulary | undefined;
  let vocabularyKey = '';
  const signals = repoSignals(db);

  const currentVocabulary = (): TagVocabulary => {
    const labels = signals.sync().map((s) => s.label);
    const key = labels.join('\n');
    if (!vocabulary || key !== vocabularyKey) {
      vocabulary = buildTagVocabulary(labels, wordnet);
      vocabularyKey = key;
    }
    return vocabulary;
  };

  const plan = (text: string): QueryPlan => {
    if (text.length > MAX_QUERY_LENGTH)
      throw new RangeError(`a search query holds at most ${MAX_QUERY_LENGTH} characters`);
    return planQuery(text, currentVocabulary(), wordnet);
  };

  return {
    plan,
    warm() {
      currentVocabulary();
      signals.warm();
    },
    search({ text, offset = 0, limit = DEFAULT_PAGE_SIZE, clip }) {
      if (!Number.isInteger(offset) || offset < 0) throw new RangeError('offset must be a whole number ≥ 0');
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
        throw new RangeError(`limit must be a whole number in 1..${MAX_PAGE_SIZE}`);
      }
      if (clip && !(clip.weight >= 0 && clip.weight <= 1)) throw new RangeError('the CLIP weight must be in [0, 1]');
      return rankPhotos(plan(text), signals, { offset, limit, ...(clip ? { clip } : {}) });
    },
  };
}
