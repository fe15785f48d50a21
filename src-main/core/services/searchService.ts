import type { SearchQuery, SearchResult } from '../../../src-shared/types/search.js';
import type { CoreConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { countClipEmbeddings, nearestClipPhotos } from '../db/repos/clipRepo.js';
import { createTextSearch, DEFAULT_PAGE_SIZE, type TextSearch } from '../search/textSearch.js';
import type { ClipBlend } from '../search/rank.js';
import type { WorkerPool } from '../workers/workerPool.js';
import type { ClipService } from './clipService.js';
import type { PhotosService } from './photosService.js';

/*
 * CLIP's share of a blended score, and how many nearest photos it proposes. Set by reasoning, not measured: no CLIP
 * weights are reachable here (the pack tests run a generated model). Offline scores are scaled to the best hit first.
 */
const CLIP_WEIGHT = 0.5;
const CLIP_CANDIDATES = 1000;

export type SearchServiceDeps = Readonly<{
  db: Db;
  config: CoreConfig;
  pool: () => WorkerPool;
  photos: PhotosService;
  clip: ClipService;
}>;

export function createSearchService({ db, config, pool, photos, clip }: SearchServiceDeps) {
  let engine: TextSearch | undefined;
  const offline = () => (engine ??= createTextSearch(db));

  /** CLIP similarity of the query to the photos nearest it, when a pack is active and has embedded photos. */
  async function clipBlend(text: string): Promise<ClipBlend | undefined> {
    const pack = clip.activePack();
    if (!pack || countClipEmbeddings(db) === 0) return undefined;
    const vector = await pool().run('embedClipText', { text, pack, threads: config.inferenceThreads });
    const scores = new Map(nearestClipPhotos(db, vector, CLIP_CANDIDATES).map((n) => [n.photoId, n.similarity]));
    return { scores, weight: CLIP_WEIGHT };
  }

  return {
    /** Ranked photos for the words typed, each with why it matched, and which engine answered. */
    async text(query: SearchQuery): Promise<SearchResult> {
      const clipScores = await clipBlend(query.text);
      const search = offline();
      const page = search.search({
        text: query.text,
        offset: query.offset ?? 0,
        limit: query.limit ?? DEFAULT_PAGE_SIZE,
        ...(clipScores ? { clip: clipScores } : {}),
      });
      const summaries = new Map(photos.summaries(page.hits.map((h) => h.photoId)).map((p) => [p.id as number, p]));
      return {
        query: page.plan.query,
        engine: page.engine,
        concepts: page.plan.concepts.map((c) => ({
          text: c.text,
          tags: c.tags.map((t) => t.term),
          words: c.words.map((w) => w.term),
        })),
        total: page.total,
        offset: query.offset ?? 0,
        items: page.hits.flatMap((hit) => {
          const photo = summaries.get(hit.photoId);
          if (!photo) return [];
          const reasons = hit.reasons.map((r) =>
            r.kind === 'tag'
              ? { kind: r.kind, query: r.query, label: r.label, confidence: r.confidence, via: r.via }
              : { kind: r.kind, query: r.query, field: r.field, term: r.term, via: r.via },
          );
          return [
            {
              photo,
              score: hit.score,
              reasons: hit.clipScore === null ? reasons : [...reasons, { kind: 'clip' as const, score: hit.clipScore }],
            },
          ];
        }),
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
