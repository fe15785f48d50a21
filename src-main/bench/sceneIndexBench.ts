/*
 * The index job with the face and scene stages against faces alone, on the same photos in the same run (COCO photos
 * plus the six group photos, each in a fresh library), and the scene stage's own cost per photo in this process
 * (1 onnxruntime thread, warm sessions), split into its parts.
 */
import { copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS, defaultConfig, type CoreConfig } from '../core/config.js';
import { createCore } from '../core/createCore.js';
import { DATABASE_FILE, openDatabase } from '../core/db/database.js';
import { createJob } from '../core/db/repos/jobsRepo.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import { faceStageVersion } from '../core/inference/faces/faceStage.js';
import { describeScenePhoto, shrinkForScene } from '../core/inference/scenes/describeScenePhoto.js';
import { sceneStageVersion } from '../core/inference/scenes/sceneStage.js';
import { runIndexJob } from '../core/jobs/indexJob.js';
import { createWorkerPool } from '../core/workers/workerPool.js';
import { packageDir } from '../modelbuild/packageFiles.js';

export type SceneIndexBenchOptions = Readonly<{
  datasetsDir: string;
  modelsDir: string;
  photos: number;
  workers: number;
}>;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);

/** A library of `files` scanned to the end, then indexed by runIndexJob with the given stages; seconds of indexing. */
async function indexSeconds(
  files: readonly string[],
  config: (libraryDir: string) => CoreConfig,
  withScenes: boolean,
): Promise<{ seconds: number; problems: number }> {
  const photosDir = await mkdtemp(join(tmpdir(), 'facets-bench-scenes-photos-'));
  const libraryDir = await mkdtemp(join(tmpdir(), 'facets-bench-scenes-library-'));
  try {
    for (const file of files) await copyFile(file, join(photosDir, file.split('/').pop()!));
    const core = await createCore(config(libraryDir));
    const root = await core.handlers.library.addRoot(photosDir);
    await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    await core.close();
    const cfg = config(libraryDir);
    const db = openDatabase(join(libraryDir, DATABASE_FILE));
    const pool = createWorkerPool(cfg.workerCount);
    try {
      const jobId = createJob(db, 'index', new Date().toISOString());
      const started = performance.now();
      let problems = 0;
      await runIndexJob(
        {
          db,
          pool,
          config: cfg,
          faceVersion: faceStageVersion(cfg.modelsDir),
          sceneVersion: withScenes ? sceneStageVersion(cfg.modelsDir) : null,
          emit: (p) => (problems = p.problems),
        },
        jobId,
        new AbortController().signal,
      );
      return { seconds: (performance.now() - started) / 1000, problems };
    } finally {
      await pool.close();
      db.close();
    }
  } finally {
    await rm(photosDir, { recursive: true, force: true });
    await rm(libraryDir, { recursive: true, force: true });
  }
}

export async function runSceneIndexBench(options: SceneIndexBenchOptions) {
  const coco = join(options.datasetsDir, 'text', 'coco', 'images');
  const cocoFiles = (await readdir(coco))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, options.photos)
    .map((f) => join(coco, f));
  const samples = join(packageDir('@vladmandic/face-api'), 'demo');
  const files = [...cocoFiles, ...[1, 2, 3, 4, 5, 6].map((n) => join(samples, `sample${n}.jpg`))];
  const config = (libraryDir: string) =>
    defaultConfig(libraryDir, { workerCount: options.workers, autoIndex: false, modelsDir: options.modelsDir });

  // Sessions load once per worker; a first small run keeps that out of both figures.
  await indexSeconds(files.slice(0, 2), config, true);
  const facesOnly = await indexSeconds(files, config, false);
  const both = await indexSeconds(files, config, true);

  sharp.concurrency(1);
  const stage = {
    shrinkMs: [] as number[],
    objectsMs: [] as number[],
    maskMs: [] as number[],
    descriptorMs: [] as number[],
    totalMs: [] as number[],
  };
  const modelOptions = { modelsDir: options.modelsDir, threads: 1 };
  const warm = await decodeForAnalysis(await readFile(files[0]!), DEFAULT_MAX_PIXELS);
  await describeScenePhoto(await shrinkForScene(warm), [], modelOptions);
  for (const file of files) {
    const image = await decodeForAnalysis(await readFile(file), DEFAULT_MAX_PIXELS);
    const started = performance.now();
    const small = await shrinkForScene(image);
    const shrunk = performance.now();
    const result = await describeScenePhoto(small, [], modelOptions);
    const done = performance.now();
    if (result.kind !== 'described') continue;
    stage.shrinkMs.push(shrunk - started);
    stage.objectsMs.push(result.timings.objectsMs);
    stage.maskMs.push(result.timings.maskMs);
    stage.descriptorMs.push(result.timings.descriptorMs);
    stage.totalMs.push(done - started);
  }
  return {
    suite: 'sceneindex',
    photos: files.length,
    workers: options.workers,
    indexJob: {
      facesOnly: {
        seconds: facesOnly.seconds,
        photosPerSecond: files.length / facesOnly.seconds,
        problems: facesOnly.problems,
      },
      facesAndScene: { seconds: both.seconds, photosPerSecond: files.length / both.seconds, problems: both.problems },
      sceneShareOfTime: 1 - facesOnly.seconds / both.seconds,
    },
    sceneStagePerPhoto: {
      what: 'in this process, 1 onnxruntime thread, sharp concurrency 1, warm sessions; from the 1920-px decode: sharp shrink to 832 px, NanoDet (tags and the backbone map), Selfie + gating, the shipped descriptor (backbone + GIST)',
      shrinkMs: mean(stage.shrinkMs),
      objectsMs: mean(stage.objectsMs),
      maskMs: mean(stage.maskMs),
      descriptorMs: mean(stage.descriptorMs),
      totalMs: mean(stage.totalMs),
    },
  };
}
