/*
 * `npm run bench -- pages [--photos N]`: what one page of a grid costs the process that answers the UI (Electron's
 * main process, or the web host), through the contract's dispatch, over a synthetic library (default 100,000 photos)
 * with one person in every photo: the library grid's and that person's photo pages, and the People view's pages.
 * Photo pages are asked at five depths, from the top to the last page, since SQLite pays an OFFSET by passing over
 * the rows before it. Baseline in the same run: the unfiltered list, a walk of the taken-order index and nothing
 * else, the floor under any page in that order.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PersonId } from '../../src-shared/types/ids.js';
import type { Page, PhotoQuery, PhotoSummary } from '../../src-shared/types/photo.js';
import { defaultConfig } from '../core/config.js';
import { createCore, type Core } from '../core/createCore.js';
import { DATABASE_FILE, openDatabase } from '../core/db/database.js';
import { fillSyntheticLibrary } from '../testing/syntheticLibrary.js';
import { stats, type LatencyStats } from './searchBench.js';

/** The library grid's page: what src-renderer's librarySlice asks for. */
const GRID_PAGE = { status: ['ok', 'damaged'], limit: 240 } as const satisfies PhotoQuery;
const DEPTHS = [0, 0.25, 0.5, 0.75, 1] as const;
const ROUNDS = 5;
const PERSON = 'Everyone';

type DepthFigures = Readonly<{ offset: number; ms: LatencyStats; ratioToBaseline: number }>;

export type GridPagesBenchReport = Readonly<{
  suite: 'pages';
  photos: number;
  library: readonly DepthFigures[];
  person: Readonly<{ firstPageMs: number; pages: readonly DepthFigures[] }>;
  /** The People view's first page (default filter) right after a correction: everyone is ranked again. */
  peoplePageAfterCorrectionMs: LatencyStats;
  /** The page the view turns to next (offset 100), the library unchanged: cut from that ranking. */
  peopleNextPageMs: LatencyStats;
  baseline: readonly Readonly<{ offset: number; ms: LatencyStats }>[];
  peakRssMiB: number;
  loadAverage: readonly number[];
}>;

const round = (x: number) => Math.round(x * 100) / 100;

async function timed(core: Core, method: string, args: readonly unknown[]): Promise<number> {
  const started = performance.now();
  const result = await core.dispatch(method, args);
  const ms = performance.now() - started;
  if (!result.ok) throw new Error(`${method} failed: ${result.error.message}`);
  if ((result.value as Page<PhotoSummary>).items.length === 0) throw new Error(`${method} gave an empty page`);
  return ms;
}

async function latency(core: Core, method: string, args: readonly unknown[]): Promise<LatencyStats> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) times.push(await timed(core, method, args));
  return stats(times);
}

export async function runGridPagesBench(options: Readonly<{ photos?: number }> = {}): Promise<GridPagesBenchReport> {
  const photos = options.photos ?? 100_000;
  const dir = mkdtempSync(join(tmpdir(), 'facets-pages-bench-'));
  try {
    const db = openDatabase(join(dir, DATABASE_FILE));
    try {
      fillSyntheticLibrary(db, photos, { personInEveryPhoto: PERSON });
    } finally {
      db.close();
    }
    const core = await createCore(defaultConfig(dir, { autoIndex: false }));
    try {
      const people = await core.handlers.people.list({ name: PERSON, visibility: 'all', minPhotos: 1 });
      const person = people.items.find((p) => p.name === PERSON)?.id;
      if (person === undefined) throw new Error('the synthetic library has no person in every photo');
      const offsets = DEPTHS.map((depth) => Math.max(0, Math.floor(depth * photos) - GRID_PAGE.limit));
      const baseline: { offset: number; ms: LatencyStats }[] = [];
      for (const offset of offsets) {
        baseline.push({ offset, ms: await latency(core, 'photos.list', [{ limit: GRID_PAGE.limit, offset }]) });
      }
      const against = async (method: string, args: (offset: number) => readonly unknown[]) => {
        const figures: DepthFigures[] = [];
        for (const [i, offset] of offsets.entries()) {
          const ms = await latency(core, method, args(offset));
          figures.push({ offset, ms, ratioToBaseline: round(ms.p50Ms / baseline[i]!.ms.p50Ms) });
        }
        return figures;
      };
      const library = await against('photos.list', (offset) => [{ ...GRID_PAGE, offset }]);
      const page = (offset: number) => [person as PersonId, { offset, limit: GRID_PAGE.limit }] as const;
      // The first page sorts the person's photos; the pages after it are cut from that order.
      const firstPageMs = round(await timed(core, 'people.photos', page(0)));
      const personPages = await against('people.photos', page);
      const afterCorrection: number[] = [];
      const nextPage: number[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const renamed = await core.dispatch('people.rename', [person, `${PERSON} ${round}`]);
        if (!renamed.ok) throw new Error(`people.rename failed: ${renamed.error.message}`);
        afterCorrection.push(await timed(core, 'people.list', [{}]));
        nextPage.push(await timed(core, 'people.list', [{ offset: 100 }]));
      }
      return {
        suite: 'pages',
        photos,
        library,
        person: { firstPageMs, pages: personPages },
        peoplePageAfterCorrectionMs: stats(afterCorrection),
        peopleNextPageMs: stats(nextPage),
        baseline,
        peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
        loadAverage: loadavg().map(round),
      };
    } finally {
      await core.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
