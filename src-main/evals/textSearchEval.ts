import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openMemoryDatabase, type Db } from '../core/db/database.js';
import { upsertPhoto } from '../core/db/repos/photosRepo.js';
import { insertRoot } from '../core/db/repos/rootsRepo.js';
import { photoWrite } from '../core/db/testing.js';
import { indexPhotoTags, indexPhotoText, refreshStaleSearchDocs, type ObjectTag } from '../core/search/searchIndex.js';
import { createTextSearch } from '../core/search/textSearch.js';
import type { WordNet } from '../core/search/wordnet.js';
import { parseCsv } from './csv.js';

/*
 * `text/coco` and `text/imagenet` (../shared/datasets): each collection becomes its own library (in memory), its
 * photos tagged by the tagger under test (and read by OCR when given), then every query of queries_detailed.csv is
 * run through the app's text search. Category queries (every photo holding the category is relevant): mean average
 * precision. Caption and class-name queries (one relevant photo): recall@1/5/10.
 */

/** Tags (and optionally OCR lines) for one photo, given its absolute path. */
export type PhotoTagger = (file: string) => Promise<readonly ObjectTag[]>;
export type PhotoReader = (file: string) => Promise<readonly string[]>;

export type RecallAtK = Readonly<{ queries: number; r1: number; r5: number; r10: number }>;
export type CollectionReport = Readonly<{
  photos: number;
  taggedPhotos: number;
  tags: number;
  categoryMap: number | null;
  categoryQueries: number;
  captions: RecallAtK | null;
  classNames: RecallAtK | null;
  /** Caption and class-name queries WordNet maps onto at least one tag label: the ceiling of what tags can find. */
  queriesReachingTags: number;
  queriesWithOneRelevant: number;
  msPerQuery: number;
}>;

export type TextSearchEvalReport = Readonly<{
  tagger: string;
  coco: CollectionReport;
  imagenet: CollectionReport;
  targets: Readonly<{ categoryMap: number; captionR1: number; captionR5: number }>;
  passed: boolean;
}>;

export const TEXT_SEARCH_TARGETS = { categoryMap: 0.75, captionR1: 0.45, captionR5: 0.8 } as const;

export type TextSearchEvalOptions = Readonly<{
  datasetsDir: string;
  /** Named in the report: "nanodet-g-416" for the shipped eval; an oracle is an upper bound, never the figure. */
  taggerName: string;
  tagger: PhotoTagger;
  ocr?: PhotoReader;
  wordnet?: WordNet;
}>;

type QueryRow = Readonly<{ query: string; file: string; type: string }>;

function readCsv(path: string): Record<string, string>[] {
  return parseCsv(readFileSync(path, 'utf8'));
}

/** Average precision of a ranking against a set of relevant ids (relevant ones never returned count as misses). */
export function averagePrecision(ranked: readonly number[], relevant: ReadonlySet<number>): number {
  if (relevant.size === 0) return 0;
  let hits = 0;
  let sum = 0;
  ranked.forEach((id, i) => {
    if (relevant.has(id)) {
      hits++;
      sum += hits / (i + 1);
    }
  });
  return sum / relevant.size;
}

function recall(ranks: readonly number[]): RecallAtK | null {
  if (ranks.length === 0) return null;
  const at = (k: number): number => ranks.filter((r) => r >= 0 && r < k).length / ranks.length;
  return { queries: ranks.length, r1: at(1), r5: at(5), r10: at(10) };
}

async function buildLibrary(
  dir: string,
  options: TextSearchEvalOptions,
): Promise<{ db: Db; idOf: Map<string, number>; tagged: number; tags: number }> {
  const db = openMemoryDatabase();
  const rootId = insertRoot(db, { path: dir, pathRaw: Buffer.from(dir), addedAt: new Date().toISOString() });
  const idOf = new Map<string, number>();
  let tagged = 0;
  let tags = 0;
  for (const row of readCsv(join(dir, 'manifest.csv'))) {
    const file = row['file']!;
    const path = join(dir, file);
    const id = upsertPhoto(
      db,
      photoWrite(rootId, path, { width: Number(row['width'] ?? 0), height: Number(row['height'] ?? 0) }),
      new Date().toISOString(),
    );
    idOf.set(file, id);
    const photoTags = await options.tagger(path);
    indexPhotoTags(db, id, photoTags);
    if (photoTags.length > 0) tagged++;
    tags += photoTags.length;
    if (options.ocr) indexPhotoText(db, id, await options.ocr(path));
  }
  refreshStaleSearchDocs(db);
  return { db, idOf, tagged, tags };
}

async function evaluateCollection(dir: string, options: TextSearchEvalOptions): Promise<CollectionReport> {
  const { db, idOf, tagged, tags } = await buildLibrary(dir, options);
  try {
    const search = createTextSearch(db, options.wordnet);
    const rows: QueryRow[] = readCsv(join(dir, 'queries_detailed.csv')).map((r) => ({
      query: r['query']!,
      file: r['relevant_file']!,
      type: r['query_type']!,
    }));
    const started = performance.now();
    const rankingOf = new Map<string, number[]>();
    const ranking = (query: string): number[] => {
      let ids = rankingOf.get(query);
      if (!ids) {
        ids = search.search({ text: query, limit: idOf.size }).hits.map((h) => h.photoId);
        rankingOf.set(query, ids);
      }
      return ids;
    };
    const categories = new Map<string, Set<number>>();
    const captionRanks: number[] = [];
    const classRanks: number[] = [];
    let reachingTags = 0;
    for (const row of rows) {
      const id = idOf.get(row.file);
      if (id === undefined) throw new Error(`${row.file} is in the queries but not in ${dir}/manifest.csv`);
      if (row.type === 'category') {
        const set = categories.get(row.query) ?? new Set<number>();
        set.add(id);
        categories.set(row.query, set);
        continue;
      }
      if (row.type === 'caption') captionRanks.push(ranking(row.query).indexOf(id));
      else if (row.type === 'class_name') classRanks.push(ranking(row.query).indexOf(id));
      else throw new Error(`unknown query type "${row.type}" in ${dir}/queries_detailed.csv`);
      if (search.plan(row.query).concepts.some((c) => c.tags.length > 0)) reachingTags++;
    }
    const aps = [...categories].map(([query, relevant]) => averagePrecision(ranking(query), relevant));
    return {
      photos: idOf.size,
      taggedPhotos: tagged,
      tags,
      categoryMap: aps.length > 0 ? aps.reduce((a, b) => a + b, 0) / aps.length : null,
      categoryQueries: aps.length,
      captions: recall(captionRanks),
      classNames: recall(classRanks),
      queriesReachingTags: reachingTags,
      queriesWithOneRelevant: captionRanks.length + classRanks.length,
      msPerQuery: (performance.now() - started) / Math.max(1, rankingOf.size),
    };
  } finally {
    db.close();
  }
}

export async function runTextSearchEval(options: TextSearchEvalOptions): Promise<TextSearchEvalReport> {
  const coco = await evaluateCollection(join(options.datasetsDir, 'text', 'coco'), options);
  const imagenet = await evaluateCollection(join(options.datasetsDir, 'text', 'imagenet'), options);
  const t = TEXT_SEARCH_TARGETS;
  const passed =
    (coco.categoryMap ?? 0) >= t.categoryMap &&
    (coco.captions?.r1 ?? 0) >= t.captionR1 &&
    (coco.captions?.r5 ?? 0) >= t.captionR5;
  return { tagger: options.taggerName, coco, imagenet, targets: t, passed };
}
