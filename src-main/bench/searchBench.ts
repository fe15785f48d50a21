/*
 * `npm run bench -- search [--photos N]`: offline text-search latency over a synthetic library (default 100,000
 * photos): p50/p95/max over repeated runs (goal p95 ≤ 50 ms) with tag postings warm and word postings read (the
 * headline), fully cached, and cold; the time to build the index and to warm it, WordNet's load time and memory. Baseline in the same run: reading the postings of the most common label ("person") alone, the
 * floor under any query that touches it.
 *
 * The library: testing/syntheticLibrary.ts (seeded, so every run builds the same library).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../core/db/database.js';
import { tagPostings } from '../core/db/repos/searchRepo.js';
import { refreshSearchDocs } from '../core/search/searchIndex.js';
import { createTextSearch } from '../core/search/textSearch.js';
import { loadWordNet } from '../core/search/wordnet.js';
import { fillSyntheticLibrary } from '../testing/syntheticLibrary.js';

export type LatencyStats = Readonly<{ p50Ms: number; p95Ms: number; maxMs: number; runs: number }>;

export type SearchBenchReport = Readonly<{
  photos: number;
  buildSeconds: number;
  databaseMiB: number;
  wordnet: Readonly<{ loadMs: number; heapMiB: number; rssMiB: number }>;
  /** search.warm(): every label's postings read into memory once. */
  warmMs: number;
  /** The headline: tag postings warm, word postings read from SQLite (a search document was written in between). */
  afterWarm: LatencyStats;
  /** The same query again, everything cached. */
  repeated: LatencyStats;
  /** A fresh search with nothing cached (the first queries after start-up, before warm() has run). */
  cold: LatencyStats;
  queries: Readonly<Record<string, Readonly<{ total: number; afterWarm: LatencyStats; cold: LatencyStats }>>>;
  baseline: Readonly<{ personPostingsMs: LatencyStats; personPhotos: number }>;
  goalP95Ms: number;
  peakRssMiB: number;
  loadAverage: readonly number[];
}>;

const QUERIES = [
  'dog',
  'person',
  'puppy on a sofa',
  'a man riding a horse',
  'two people sitting at a dining table with pizza and wine glasses',
  'animal',
  'vehicle',
  'kitten',
  'zorakimo',
  'welcome',
  'june 2019',
  'soccer ball',
];
const ROUNDS = 10;
const COLD_ROUNDS = 3;
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function stats(times: readonly number[]): LatencyStats {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
    maxMs: round(sorted[sorted.length - 1]!),
    runs: times.length,
  };
}

export function runSearchBench(options: Readonly<{ photos?: number }> = {}): SearchBenchReport {
  const photos = options.photos ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'facets-search-bench-'));
  try {
    const heapBefore = process.memoryUsage().heapUsed;
    const rssBefore = process.memoryUsage().rss;
    let started = performance.now();
    const wordnet = loadWordNet();
    const loadMs = Math.round(performance.now() - started);
    const wordnetMemory = {
      loadMs,
      heapMiB: mib(process.memoryUsage().heapUsed - heapBefore),
      rssMiB: mib(process.memoryUsage().rss - rssBefore),
    };
    const file = join(dir, 'library.db');
    const db = openDatabase(file);
    try {
      started = performance.now();
      fillSyntheticLibrary(db, photos);
      const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
      const search = createTextSearch(db, wordnet);
      search.search({ text: 'warm up' });
      started = performance.now();
      search.warm();
      const warmMs = Math.round(performance.now() - started);
      const timed = (run: () => unknown): number => {
        const t = performance.now();
        run();
        return performance.now() - t;
      };
      const afterWarm: Record<string, number[]> = {};
      const cold: Record<string, number[]> = {};
      const repeated: number[] = [];
      const baseline: number[] = [];
      const totals: Record<string, number> = {};
      let personPhotos = 0;
      for (let round = 0; round < ROUNDS; round++) {
        refreshSearchDocs(db, [1]); // as background indexing does: word postings must be read again
        for (const query of QUERIES) {
          (afterWarm[query] ??= []).push(timed(() => (totals[query] = search.search({ text: query }).total)));
        }
        for (const query of QUERIES) repeated.push(timed(() => search.search({ text: query })));
        if (round < COLD_ROUNDS) {
          for (const query of QUERIES) {
            const fresh = createTextSearch(db, wordnet);
            fresh.search({ text: 'zzzz' }); // builds the tag vocabulary, which a library's search keeps for good
            (cold[query] ??= []).push(timed(() => fresh.search({ text: query })));
          }
        }
        baseline.push(timed(() => (personPhotos = tagPostings(db, 'person').length)));
      }
      db.pragma('wal_checkpoint(TRUNCATE)');
      return {
        photos,
        buildSeconds,
        databaseMiB: mib(statSync(file).size),
        wordnet: wordnetMemory,
        warmMs,
        afterWarm: stats(Object.values(afterWarm).flat()),
        repeated: stats(repeated),
        cold: stats(Object.values(cold).flat()),
        queries: Object.fromEntries(
          QUERIES.map((q) => [q, { total: totals[q]!, afterWarm: stats(afterWarm[q]!), cold: stats(cold[q]!) }]),
        ),
        baseline: { personPostingsMs: stats(baseline), personPhotos },
        goalP95Ms: 50,
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        loadAverage: loadavg().map((l) => Math.round(l * 10) / 10),
      };
    } finally {
      db.close();
      wordnet.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
