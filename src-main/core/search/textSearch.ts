import type { Db } from '../db/database.js';
import * as repo from '../db/repos/searchRepo.js';
import { planQuery, type QueryPlan } from './queryPlan.js';
import {
  rankPhotos,
  tagStrength,
  type ClipBlend,
  type RankedPage,
  type SearchSignals,
  type TagPostings,
} from './rank.js';
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

export type LibrarySignals = SearchSignals & Readonly<{ tagStats(): readonly repo.TagStat[] }>;

/**
 * Search signals over a library's index. Tag postings are kept as typed arrays, with each tag's strength worked out,
 * until any tag changes (the index's tag version): a query then reads only its words from SQLite. `tagStats()` checks
 * the version; call it once per query before the postings.
 */
export function repoSignals(db: Db): LibrarySignals {
  let version = -1;
  let stats: readonly repo.TagStat[] = [];
  let meanMass = 0;
  const postings = new Map<string, TagPostings>();
  return {
    tagStats() {
      const current = repo.tagVersion(db);
      if (current !== version) {
        version = current;
        stats = repo.tagStats(db);
        postings.clear();
        let sum = 0;
        for (const s of stats) sum += s.confidenceSum;
        meanMass = sum / Math.max(1, repo.photoCount(db));
      }
      return stats;
    },
    photoCount: () => repo.photoCount(db),
    maxPhotoId: () => repo.maxPhotoId(db),
    tagPostings(label) {
      let cached = postings.get(label);
      if (!cached) {
        const rows = repo.tagPostings(db, label);
        const ids = new Int32Array(rows.length);
        const confidence = new Float64Array(rows.length);
        const strength = new Float32Array(rows.length);
        rows.forEach(([id, conf, area, mass], i) => {
          ids[i] = id;
          confidence[i] = conf;
          strength[i] = tagStrength(conf, area, mass, meanMass);
        });
        cached = { ids, confidence, strength };
        postings.set(label, cached);
      }
      return cached;
    },
    docPostings: (column, tokens) => repo.docPostings(db, column, tokens),
    despacedPostings: (fragment) => repo.despacedPostings(db, fragment),
  };
}

export function createTextSearch(db: Db, wordnet: WordNet = sharedWordNet()): TextSearch {
  let vocabulary: TagVocabulary | undefined;
  let vocabularyKey = '';
  const signals = repoSignals(db);

  const currentVocabulary = (): TagVocabulary => {
    const labels = signals.tagStats().map((s) => s.label);
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
