/*
 * `npm run bench -- search [--photos N]`: offline text-search latency over a synthetic library (default 100,000
 * photos): p50/p95/max over repeated runs (goal p95 ≤ 50 ms) with tag postings warm and word postings read (the
 * headline), fully cached, and cold; the time to build the index and to warm it, WordNet's load time and memory. Baseline in the same run: reading the postings of the most common label ("person") alone, the
 * floor under any query that touches it.
 *
 * The library: COCO-80 tags, "person" on 45% of photos and the other labels Zipf-distributed (1–6 per photo, random
 * confidences and box sizes), OCR text on 10% of photos, one of 400 named people on 20%, dates over ten years and
 * 200 folders. Seeded, so every run builds the same library.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../core/cluster/random.js';
import { openDatabase, type Db } from '../core/db/database.js';
import { faceWrite, photoWrite } from '../core/db/testing.js';
import { replacePhotoFaces } from '../core/db/repos/facesRepo.js';
import { assignFace, createPerson } from '../core/db/repos/peopleRepo.js';
import { upsertPhoto } from '../core/db/repos/photosRepo.js';
import { insertRoot } from '../core/db/repos/rootsRepo.js';
import { replacePhotoTags, replacePhotoText, tagPostings, type TagWrite } from '../core/db/repos/searchRepo.js';
import { COCO_LABELS } from '../core/inference/preprocess/cocoLabels.js';
import { ocrText } from '../core/search/searchDoc.js';
import { refreshStaleSearchDocs, refreshSearchDocs } from '../core/search/searchIndex.js';
import { createTextSearch } from '../core/search/textSearch.js';
import { loadWordNet } from '../core/search/wordnet.js';

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
const SYLLABLES = ['ka', 'lo', 'mi', 'ra', 'ne', 'to', 'vi', 'su', 'pe', 'zo', 'da', 'ri', 'mo', 'ki', 'la'];
const mib = (bytes: number) => Math.round(bytes / 2 ** 20);

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function stats(times: readonly number[]): LatencyStats {
  const sorted = [...times].sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 100) / 100;
  return {
    p50Ms: round(percentile(sorted, 0.5)),
    p95Ms: round(percentile(sorted, 0.95)),
    maxMs: round(sorted[sorted.length - 1]!),
    runs: times.length,
  };
}

function buildLibrary(db: Db, photos: number): void {
  const random = seededRandom(7);
  const word = (n: number) =>
    Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
  const others = COCO_LABELS.filter((l) => l !== 'person');
  // Zipf weights over the other labels: the k-th most common is 1/k as frequent as the first.
  const weights = others.map((_, k) => 1 / (k + 1));
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pickLabel = () => {
    let r = random() * totalWeight;
    for (let k = 0; k < others.length; k++) if ((r -= weights[k]!) <= 0) return others[k]!;
    return others[others.length - 1]!;
  };
  const rootId = insertRoot(db, { path: '/library', pathRaw: Buffer.from('/library'), addedAt: 'bench' });
  const people = Array.from({ length: 400 }, () => createPerson(db, `${word(2)} ${word(3)}`, 'bench'));
  const folders = Array.from({ length: 200 }, () => `${word(3)} ${2015 + Math.floor(random() * 10)}`);
  const batch = 2000;
  for (let start = 0; start < photos; start += batch) {
    db.transaction(() => {
      for (let i = start; i < Math.min(photos, start + batch); i++) {
        const day = new Date(Date.UTC(2015, 0, 1) + Math.floor(random() * 3650) * 86_400_000).toISOString();
        const folder = folders[Math.floor(random() * folders.length)]!;
        const id = upsertPhoto(
          db,
          photoWrite(rootId, `/library/${folder}/IMG_${i}.jpg`, { takenAt: day.slice(0, 19) }),
          'bench',
        );
        const tags: TagWrite[] = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
          label: pickLabel(),
          confidence: 0.3 + 0.7 * random(),
          area: random() * random(),
        }));
        if (random() < 0.45) tags.push({ label: 'person', confidence: 0.3 + 0.7 * random(), area: random() * 0.5 });
        replacePhotoTags(db, id, tags);
        if (random() < 0.1) {
          const lines = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `${word(3)}${word(2)} ${word(2)}`);
          if (random() < 0.05) lines.push('WELCOMETO');
          replacePhotoText(db, id, ocrText(lines));
        }
        if (random() < 0.2) {
          const [faceId] = replacePhotoFaces(db, id, [faceWrite()], 'bench');
          assignFace(db, faceId!, people[Math.floor(random() * people.length)]!, 'cluster');
        }
      }
    })();
  }
  refreshStaleSearchDocs(db);
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
      buildLibrary(db, photos);
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
