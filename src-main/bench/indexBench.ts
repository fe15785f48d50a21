/*
 * `npm run bench -- index [--photos N]`: the whole indexing pipeline on real photos (N COCO photos, default 40, plus
 * face-api's six group photos), through the app's own jobs on the worker pool: scan, index (faces, objects, scene),
 * people clustering, scene clustering, reading text. Photos per second of the whole and of each job, each job's share
 * of the whole (the ratios to compare across runs), peak RSS; then query latency over a synthetic 100k-photo index.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JobProgress } from '../../src-shared/types/job.js';
import { defaultConfig } from '../core/config.js';
import { createCore, type Core } from '../core/createCore.js';
import { packageDir } from '../modelbuild/packageFiles.js';
import { runSearchBench, type SearchBenchReport } from './searchBench.js';

type JobFigures = Readonly<{ kind: string; seconds: number; photosPerSecond: number; share: number; problems: number }>;

export type IndexBenchReport = Readonly<{
  suite: 'index';
  photos: number;
  workers: number;
  jobs: readonly JobFigures[];
  total: Readonly<{ seconds: number; photosPerSecond: number }>;
  peakRssMiB: number;
  search: Pick<SearchBenchReport, 'photos' | 'afterWarm' | 'repeated' | 'cold' | 'goalP95Ms'>;
  loadAverage: readonly number[];
}>;

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** The pipeline's jobs in the order the app chains them. */
const PIPELINE: readonly Readonly<{ kind: string; start: (core: Core) => JobProgress | Promise<JobProgress> }>[] = [
  { kind: 'scan', start: (core) => core.handlers.library.startScan() },
  { kind: 'index', start: (core) => core.handlers.library.startIndex() },
  { kind: 'cluster', start: (core) => core.handlers.people.cluster('incremental') },
  { kind: 'scenes', start: (core) => core.handlers.scenes.cluster() },
  { kind: 'text', start: (core) => core.handlers.library.startText() },
];

export async function runIndexBench(options: Readonly<{ datasetsDir: string; photos: number; workers: number }>) {
  const photoDir = await mkdtemp(join(tmpdir(), 'facets-bench-index-photos-'));
  const library = await mkdtemp(join(tmpdir(), 'facets-bench-index-library-'));
  const coco = join(options.datasetsDir, 'text', 'coco', 'images');
  const samples = join(packageDir('@vladmandic/face-api'), 'demo');
  const picked = (await readdir(coco)).sort().slice(0, options.photos);
  await Promise.all(picked.map((f) => copyFile(join(coco, f), join(photoDir, f))));
  for (let i = 1; i <= 6; i++) await copyFile(join(samples, `sample${i}.jpg`), join(photoDir, `sample${i}.jpg`));
  const photos = picked.length + 6;

  const core = await createCore(defaultConfig(library, { workerCount: options.workers, autoIndex: false }));
  const timings: { kind: string; ms: number; problems: number }[] = [];
  try {
    await core.handlers.library.addRoot(photoDir);
    for (const step of PIPELINE) {
      const started = performance.now();
      const job = await core.waitForJob((await step.start(core)).jobId);
      if (job.state !== 'done') throw new Error(`the ${step.kind} job ended ${job.state}: ${job.error ?? ''}`);
      timings.push({ kind: step.kind, ms: performance.now() - started, problems: job.problems });
    }
  } finally {
    await core.close();
    await rm(photoDir, { recursive: true, force: true });
    await rm(library, { recursive: true, force: true });
  }
  const totalMs = timings.reduce((sum, t) => sum + t.ms, 0);
  const search = runSearchBench({ photos: 100_000 });
  return {
    suite: 'index',
    photos,
    workers: options.workers,
    jobs: timings.map((t) => ({
      kind: t.kind,
      seconds: round(t.ms / 1000),
      photosPerSecond: round((photos * 1000) / t.ms),
      share: round(t.ms / totalMs, 3),
      problems: t.problems,
    })),
    total: { seconds: round(totalMs / 1000), photosPerSecond: round((photos * 1000) / totalMs) },
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    search: {
      photos: search.photos,
      afterWarm: search.afterWarm,
      repeated: search.repeated,
      cold: search.cold,
      goalP95Ms: search.goalP95Ms,
    },
    loadAverage: loadavg().map((x) => round(x)),
  } satisfies IndexBenchReport;
}
