import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import sharp from 'sharp';
import { defaultConfig } from '../core/config.js';
import { createCore } from '../core/createCore.js';
import { analyzeImage, decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import { scaleToLongSide } from '../core/inference/photo/scaleImage.js';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { FACE_MODELS } from '../core/inference/faces/faceStage.js';
import { findFaces, type FaceModels } from '../core/inference/faces/facePipeline.js';
import { modelRunner, type ModelRunner } from '../core/inference/sessions.js';
import { parseCsv } from '../evals/csv.js';
import { packageDir } from '../modelbuild/packageFiles.js';
import { humanPeer } from './humanPeer.js';

export type FacesBenchOptions = Readonly<{
  /** ../shared/datasets (faces/ inside it). */
  datasetsDir: string;
  modelsDir: string;
  /** Labeled single-person photos from datasets/faces, spread evenly over the label file. */
  datasetPhotos: number;
}>;

type PhotoKind = 'group' | 'dataset';
type BenchPhoto = Readonly<{ kind: PhotoKind; path: string; bytes: Buffer }>;

/** Per kind of photo and over all of them. */
type ByKind<T> = Readonly<Record<PhotoKind | 'all', T>>;
type Found = Readonly<{ faces: number; photosWithAFace: number; photos: number }>;

type IndexRun = Readonly<{
  workers: number;
  threadsPerWorker: number;
  scanSeconds: number;
  /** From startIndex to the job's end: includes each worker's model session loads (a real job pays them). */
  indexSeconds: number;
  photosPerSecond: number;
  msPerPhoto: number;
  facesFound: number;
  problems: number;
}>;

export type FacesBenchReport = Readonly<{
  suite: 'faces';
  photos: Readonly<{ group: number; dataset: number; groupSource: string; datasetSource: string }>;
  facets: Readonly<{
    singleThread: Readonly<{
      what: string;
      detectionMsPerPhoto: Readonly<{ at640: ByKind<number>; at1920: ByKind<number> }>;
      /** Model runs (one per pyramid level) and the pixels they take in (canvas height × width, in millions). */
      detectorRunsPerPhoto: Readonly<{ at640: ByKind<number>; at1920: ByKind<number> }>;
      detectorInputMegapixelsPerPhoto: Readonly<{ at640: ByKind<number>; at1920: ByKind<number> }>;
      landmarksAndDescriptorMsPerFace: ByKind<number>;
      analyzeMsPerPhoto: ByKind<number>;
      found: ByKind<Found>;
    }>;
    indexJob: readonly IndexRun[];
    peakRssMiB: number;
  }>;
  peer: Readonly<{
    name: string;
    setup: Readonly<Record<string, string>>;
    what: string;
    msPerPhoto: ByKind<number>;
    found: ByKind<Found>;
  }>;
  ratios: Readonly<{
    goal: string;
    /** Peer ms/photo ÷ Facets ms/photo, both one thread in this process, same decoded pixels. */
    peerToFacetsSingleThread: ByKind<number>;
    /** Peer ms/photo (one thread) ÷ the index job's ms/photo (the whole machine, as the app runs). */
    peerToFacetsIndexJob: Readonly<Record<string, number>>;
    /**
     * Recall proxy, Facets ÷ peer: faces found on the group photos; dataset photos with a face found (each has one
     * labeled face, and extra faces there are partial or background faces nobody labeled). The eval is the strict one.
     */
    facetsToPeerRecallProxy: ByKind<number>;
  }>;
  peakRssMiB: Readonly<{ afterFacets: number; afterPeer: number; note: string }>;
}>;

const GROUP_PHOTOS = 6;

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const peakRssMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

function groupPhotoPaths(): string[] {
  const demo = join(packageDir('@vladmandic/face-api'), 'demo');
  return Array.from({ length: GROUP_PHOTOS }, (_, i) => join(demo, `sample${i + 1}.jpg`));
}

/** Photos with exactly one labeled person and no unlabeled faces, spread evenly over the label file. */
async function datasetPhotoPaths(facesDir: string, count: number): Promise<string[]> {
  const labels = parseCsv(await readFile(join(facesDir, 'labels.csv'), 'utf8'));
  const unlabeled = new Set(
    parseCsv(await readFile(join(facesDir, 'unlabeled_faces.csv'), 'utf8')).map((r) => r['file']),
  );
  const people = new Map<string, number>();
  for (const row of labels) people.set(row['file']!, (people.get(row['file']!) ?? 0) + 1);
  const single = [...people].filter(([file, n]) => n === 1 && !unlabeled.has(file)).map(([file]) => file);
  const step = single.length / Math.min(count, single.length);
  return Array.from({ length: Math.min(count, single.length) }, (_, i) =>
    join(facesDir, single[Math.floor(i * step)]!),
  );
}

async function loadPhotos(options: FacesBenchOptions): Promise<BenchPhoto[]> {
  const dataset = await datasetPhotoPaths(join(options.datasetsDir, 'faces'), options.datasetPhotos);
  const paths: [PhotoKind, string][] = [
    ...groupPhotoPaths().map((p): [PhotoKind, string] => ['group', p]),
    ...dataset.map((p): [PhotoKind, string] => ['dataset', p]),
  ];
  return Promise.all(paths.map(async ([kind, path]) => ({ kind, path, bytes: await readFile(path) })));
}

const KINDS = ['group', 'dataset', 'all'] as const;
type Kind = (typeof KINDS)[number];
const inKind = (photo: BenchPhoto, kind: Kind) => kind === 'all' || photo.kind === kind;

function byKind<T>(figure: (kind: Kind) => T): ByKind<T> {
  return Object.fromEntries(KINDS.map((kind) => [kind, figure(kind)])) as ByKind<T>;
}

/** A per-photo figure summed per kind, divided by the photos (or by the units `per` gives, e.g. faces). */
function meanByKind(
  photos: readonly BenchPhoto[],
  value: (i: number) => number,
  per: (i: number) => number = () => 1,
): ByKind<number> {
  return byKind((kind) => {
    let sum = 0;
    let units = 0;
    photos.forEach((photo, i) => {
      if (!inKind(photo, kind)) return;
      sum += value(i);
      units += per(i);
    });
    return units > 0 ? round(sum / units, 2) : 0;
  });
}

function foundByKind(photos: readonly BenchPhoto[], faces: readonly number[]): ByKind<Found> {
  return byKind((kind) => {
    const counts = faces.filter((_, i) => inKind(photos[i]!, kind));
    return {
      faces: counts.reduce((a, b) => a + b, 0),
      photosWithAFace: counts.filter((n) => n > 0).length,
      photos: counts.length,
    };
  });
}

const ratioByKind = (a: ByKind<number>, b: ByKind<number>) => byKind((k) => (b[k] > 0 ? round(a[k] / b[k], 2) : 0));
/** Faces found on the group photos; dataset photos with a face found (see facetsToPeerRecallProxy). */
function recallProxy(found: ByKind<Found>): ByKind<number> {
  const group = found.group.faces;
  const dataset = found.dataset.photosWithAFace;
  return { group, dataset, all: group + dataset };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

/** Each stage in this process on one onnxruntime thread (as one worker runs it), sessions warmed up first. */
async function singleThread(photos: readonly BenchPhoto[], modelsDir: string) {
  sharp.concurrency(1);
  const [detector, landmarks, descriptor] = FACE_MODELS.map((id) => modelRunner(modelsDir, id, 1));
  const models: FaceModels = { detector: detector!, landmarks: landmarks!, descriptor: descriptor! };
  const decoded = await Promise.all(photos.map((p) => decodeForAnalysis(p.bytes, DEFAULT_MAX_PIXELS)));
  const options = { modelsDir, threads: 1, maxPixels: DEFAULT_MAX_PIXELS };
  // Warm-up: session loads, first-run allocations, and the batch shapes a group photo and a portrait give.
  for (const i of [0, photos.length - 1]) {
    await analyzeImage(photos[i]!.bytes, options);
    for (const side of [640, 1920]) await findFaces(await scaleToLongSide(decoded[i]!, side), models);
  }

  const detection = async (side: number) => {
    const ms: number[] = [];
    const runs: number[] = [];
    const megapixels: number[] = [];
    for (const image of decoded) {
      // Counted rather than re-planned: the pipeline sets the pyramid by the image's area.
      let count = 0;
      let pixels = 0;
      const counting: ModelRunner = {
        run(input, dims) {
          count += 1;
          pixels += (dims[2] ?? 0) * (dims[3] ?? 0);
          return models.detector.run(input, dims);
        },
      };
      const sized = await scaleToLongSide(image, side);
      ms.push((await findFaces(sized, { ...models, detector: counting })).timings['detectMs']!);
      runs.push(count);
      megapixels.push(pixels / 1e6);
    }
    return {
      ms: meanByKind(photos, (i) => ms[i]!),
      runs: meanByKind(photos, (i) => runs[i]!),
      megapixels: meanByKind(photos, (i) => megapixels[i]!),
    };
  };
  const at640 = await detection(640);
  const at1920 = await detection(1920);

  const analyses: { ms: number; faces: number; perFaceMs: number }[] = [];
  for (const photo of photos) {
    const { ms, value } = await timed(() => analyzeImage(photo.bytes, options));
    if (value.kind !== 'analyzed') throw new Error(`${photo.path}: ${value.reason}`);
    analyses.push({
      ms,
      faces: value.faces.length,
      perFaceMs: value.timings['landmarksMs']! + value.timings['descriptorsMs']!,
    });
  }
  return {
    what: 'in this process, 1 onnxruntime thread, sharp concurrency 1, warm sessions; analyze = decode (long side ≤ 1920) + detect + landmarks + descriptors + quality + face thumbnails',
    detectionMsPerPhoto: { at640: at640.ms, at1920: at1920.ms },
    detectorRunsPerPhoto: { at640: at640.runs, at1920: at1920.runs },
    detectorInputMegapixelsPerPhoto: { at640: at640.megapixels, at1920: at1920.megapixels },
    landmarksAndDescriptorMsPerFace: meanByKind(
      photos,
      (i) => analyses[i]!.perFaceMs,
      (i) => analyses[i]!.faces,
    ),
    analyzeMsPerPhoto: meanByKind(photos, (i) => analyses[i]!.ms),
    found: foundByKind(
      photos,
      analyses.map((a) => a.faces),
    ),
  };
}

/** A fresh library over `photoDir`: scan, then the index job (faces) on the worker pool. */
async function indexRun(photoDir: string, modelsDir: string, workers: number, threads: number): Promise<IndexRun> {
  const library = await mkdtemp(join(tmpdir(), 'facets-bench-faces-library-'));
  const core = await createCore(
    defaultConfig(library, { workerCount: workers, inferenceThreads: threads, modelsDir, autoIndex: false }),
  );
  try {
    const root = await core.handlers.library.addRoot(photoDir);
    const scan = await timed(async () => core.waitForJob((await core.handlers.library.startScan([root.id])).jobId));
    if (scan.value.state !== 'done') throw new Error(`the scan ended ${scan.value.state}`);
    const index = await timed(async () => core.waitForJob((await core.handlers.library.startIndex()).jobId));
    if (index.value.state !== 'done') throw new Error(`the index job ended ${index.value.state}: ${index.value.error}`);
    const status = await core.handlers.library.status();
    return {
      workers,
      threadsPerWorker: threads,
      scanSeconds: round(scan.ms / 1000, 2),
      indexSeconds: round(index.ms / 1000, 2),
      photosPerSecond: round((index.value.done * 1000) / index.ms, 2),
      msPerPhoto: round(index.ms / index.value.done),
      facesFound: status.counts.faces,
      problems: index.value.problems,
    };
  } finally {
    await core.close();
    await rm(library, { recursive: true, force: true });
  }
}

/** The same photos through Human (one thread, wasm), decoded exactly as Facets decodes them. */
async function peerRun(photos: readonly BenchPhoto[]) {
  const human = await humanPeer();
  await human.countFaces(await decodeForAnalysis(photos[0]!.bytes, DEFAULT_MAX_PIXELS));
  const runs: { ms: number; value: number }[] = [];
  for (const photo of photos) {
    runs.push(await timed(async () => human.countFaces(await decodeForAnalysis(photo.bytes, DEFAULT_MAX_PIXELS))));
  }
  return {
    name: human.label,
    setup: human.config,
    what: 'in this process, one thread (tfjs wasm in Node), warm models; per photo: the same sharp decode as Facets (long side ≤ 1920) into an int32 tensor, then human.detect',
    msPerPhoto: meanByKind(photos, (i) => runs[i]!.ms),
    found: foundByKind(
      photos,
      runs.map((r) => r.value),
    ),
  };
}

/**
 * Face indexing speed: each stage on one thread, the index job on the worker pool, and the same photos through
 * @vladmandic/human's Node pipeline as the peer (ratios are the figures to compare across runs).
 */
export async function runFacesBench(options: FacesBenchOptions): Promise<FacesBenchReport> {
  const photos = await loadPhotos(options);
  const facets = await singleThread(photos, options.modelsDir);

  // The index job reads a folder of its own: copies of the photos outside the repository, removed afterwards.
  const photoDir = await mkdtemp(join(tmpdir(), 'facets-bench-faces-photos-'));
  const indexJob: IndexRun[] = [];
  try {
    await Promise.all(photos.map((p) => copyFile(p.path, join(photoDir, `${p.kind}-${basename(p.path)}`))));
    for (const [workers, threads] of [
      [2, 1],
      [1, 2],
    ] as const) {
      indexJob.push(await indexRun(photoDir, options.modelsDir, workers, threads));
    }
  } finally {
    await rm(photoDir, { recursive: true, force: true });
  }
  const afterFacets = peakRssMiB();

  const peer = await peerRun(photos);
  return {
    suite: 'faces',
    photos: {
      group: photos.filter((p) => p.kind === 'group').length,
      dataset: photos.filter((p) => p.kind === 'dataset').length,
      groupSource: '@vladmandic/face-api demo/sample1..6.jpg (1920 px group photos, 22 faces per face-api)',
      datasetSource: `${join(options.datasetsDir, 'faces')}: labeled single-person photos (one labeled face each)`,
    },
    facets: { singleThread: facets, indexJob, peakRssMiB: afterFacets },
    peer,
    ratios: {
      goal: 'peerToFacets ≥ 4 with facetsToPeerRecallProxy ≥ 1',
      peerToFacetsSingleThread: ratioByKind(peer.msPerPhoto, facets.analyzeMsPerPhoto),
      peerToFacetsIndexJob: Object.fromEntries(
        indexJob.map((run) => [
          `${run.workers}x${run.threadsPerWorker}`,
          round(peer.msPerPhoto.all / run.msPerPhoto, 2),
        ]),
      ),
      facetsToPeerRecallProxy: ratioByKind(recallProxy(facets.found), recallProxy(peer.found)),
    },
    peakRssMiB: {
      afterFacets,
      afterPeer: peakRssMiB(),
      note: 'process.resourceUsage().maxRSS: the whole process including worker threads; afterFacets covers the in-process stages and both index jobs, afterPeer adds Human',
    },
  };
}
