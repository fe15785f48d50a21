import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { RelativeBox } from '../../src-shared/types/face.js';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import type { FoundFace, PhotoAnalysis } from '../core/inference/faces/faceTypes.js';
import { createWorkerPool, type WorkerPool } from '../core/workers/workerPool.js';
import { labeledFace, loadFaceLabels, type LabeledPhoto } from './faceLabels.js';
import { bestThreshold, euclidean, rateAtOrBelow, rocAucLowerIsPositive, seededRandom } from './metrics.js';

/*
 * `npm run eval -- faces`: the face path on ../shared/datasets/faces, with the same worker pool and models as the app.
 * 1. Detection recall of every labeled face. LFW and TV crops (150×150) are centred on the labeled person, so the
 *    labeled face is the detection containing the image centre; the other photos hold their labeled person as the
 *    largest face (or, where unlabeled_faces.csv says others are present, any face of theirs: counted as found).
 * 2. Composites with known truth: single-person crops tiled g×g into one 1920 px image, recall by face size.
 * 3. Verification: every same/different pair of labeled faces, ROC AUC and best-threshold balanced accuracy.
 */

export type FacesEvalReport = Readonly<{
  photos: number;
  detection: Readonly<{ labeled: number; found: number; recall: number; missed: readonly string[] }>;
  composites: Readonly<{
    images: number;
    faces: number;
    recallBySize: Readonly<Record<string, { faces: number; found: number; recall: number }>>;
    recall40AndLarger: number;
    unexplainedDetectionsPerImage: number;
  }>;
  verification: Readonly<{
    faces: number;
    people: number;
    samePairs: number;
    differentPairs: number;
    rocAuc: number;
    bestThreshold: number;
    bestBalancedAccuracy: number;
    falseAcceptAtDlib06: number;
    falseRejectAtDlib06: number;
  }>;
  secondsAnalysing: number;
  passed: boolean;
  targets: Readonly<Record<string, boolean>>;
}>;

type Analysed = Readonly<{ label: LabeledPhoto; analysis: Extract<PhotoAnalysis, { kind: 'analyzed' }> | null }>;

const area = (b: RelativeBox) => b.width * b.height;

function labeledFaceOf(item: Analysed): FoundFace | null {
  return labeledFace(item.analysis?.faces ?? [], item.label.crop);
}

async function analyseAll(pool: WorkerPool, paths: readonly string[], modelsDir: string) {
  const results: (PhotoAnalysis | null)[] = new Array(paths.length).fill(null);
  let next = 0;
  await Promise.all(
    Array.from({ length: pool.size * 2 }, async () => {
      while (next < paths.length) {
        const i = next++;
        results[i] = await pool.run('analyzePhoto', {
          path: Buffer.from(paths[i]!),
          modelsDir,
          threads: 1,
          maxPixels: DEFAULT_MAX_PIXELS,
        });
      }
    }),
  );
  return results;
}

const SIZE_BUCKETS: readonly [string, number, number][] = [
  ['24-32', 24, 32],
  ['32-40', 32, 40],
  ['40-64', 40, 64],
  ['64-128', 64, 128],
  ['128+', 128, Infinity],
];

/** Tiles g×g crops (whose own central face is known) into one 1920×1920 image; returns the truth boxes in it. */
async function composite(crops: readonly Analysed[], grid: number, dir: string, index: number) {
  const side = 1920;
  const cell = Math.floor(side / grid);
  const layers = [];
  const truths: { box: RelativeBox; sizePx: number }[] = [];
  const known: RelativeBox[] = [];
  for (let i = 0; i < grid * grid; i++) {
    const item = crops[i]!;
    const left = (i % grid) * cell;
    const top = Math.floor(i / grid) * cell;
    const input = await sharp(join(item.label.file))
      .resize(cell, cell, { fit: 'fill' })
      .removeAlpha()
      .toColourspace('srgb')
      .png()
      .toBuffer();
    layers.push({ input, left, top });
    const place = (b: RelativeBox): RelativeBox => ({
      x: (left + b.x * cell) / side,
      y: (top + b.y * cell) / side,
      width: (b.width * cell) / side,
      height: (b.height * cell) / side,
    });
    const face = labeledFaceOf(item)!;
    truths.push({ box: place(face.box), sizePx: Math.min(face.box.width, face.box.height) * cell });
    for (const other of item.analysis!.faces) known.push(place(other.box));
  }
  const path = join(dir, `composite-${grid}-${index}.png`);
  await writeFile(
    path,
    await sharp({ create: { width: side, height: side, channels: 3, background: '#000' } })
      .composite(layers)
      .png()
      .toBuffer(),
  );
  return { path, truths, known };
}

function iou(a: RelativeBox, b: RelativeBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (area(a) + area(b) - inter);
}

export async function runFacesEval(datasets: string, workerCount = 2): Promise<FacesEvalReport> {
  const dir = join(datasets, 'faces');
  const labels = loadFaceLabels(dir);
  const modelsDir = defaultModelsDir();
  const pool = createWorkerPool(workerCount);
  const scratch = await mkdtemp(join(tmpdir(), 'facets-eval-faces-'));
  try {
    const started = Date.now();
    const analyses = await analyseAll(
      pool,
      labels.map((l) => l.file),
      modelsDir,
    );
    const items: Analysed[] = labels.map((label, i) => {
      const a = analyses[i];
      return { label, analysis: a && a.kind === 'analyzed' ? a : null };
    });
    const withFace = items.map((item) => ({ item, face: labeledFaceOf(item) }));
    const missed = withFace.filter((x) => !x.face).map((x) => x.item.label.file.slice(dir.length + 1));

    // Composites from crops whose own labeled face was found (so the truth is known), seeded.
    const random = seededRandom(20261122);
    const usable = withFace.filter((x) => x.face && x.item.label.crop).map((x) => x.item);
    const compositeFaces: { sizePx: number; found: boolean }[] = [];
    let images = 0;
    let unexplained = 0;
    for (const grid of [2, 3, 4, 6, 8, 12, 16, 24]) {
      for (let n = 0; n < 2; n++) {
        const picked = Array.from({ length: grid * grid }, () => usable[Math.floor(random() * usable.length)]!);
        const { path, truths, known } = await composite(picked, grid, scratch, n);
        const [result] = await analyseAll(pool, [path], modelsDir);
        const detections = result?.kind === 'analyzed' ? result.faces : [];
        images += 1;
        for (const truth of truths) {
          compositeFaces.push({ sizePx: truth.sizePx, found: detections.some((d) => iou(d.box, truth.box) >= 0.3) });
        }
        unexplained += detections.filter((d) => !known.some((k) => iou(d.box, k) >= 0.3)).length;
      }
    }
    const recallBySize = Object.fromEntries(
      SIZE_BUCKETS.map(([name, lo, hi]) => {
        const inBucket = compositeFaces.filter((f) => f.sizePx >= lo && f.sizePx < hi);
        const found = inBucket.filter((f) => f.found).length;
        return [name, { faces: inBucket.length, found, recall: inBucket.length ? found / inBucket.length : 0 }];
      }),
    );
    const large = compositeFaces.filter((f) => f.sizePx >= 40);
    const recall40 = large.filter((f) => f.found).length / large.length;

    // Verification over every pair of labeled faces.
    const described = withFace
      .filter((x) => x.face)
      .map((x) => ({ person: x.item.label.person, d: x.face!.descriptor }));
    const same: number[] = [];
    const different: number[] = [];
    for (let i = 0; i < described.length; i++) {
      for (let j = i + 1; j < described.length; j++) {
        (described[i]!.person === described[j]!.person ? same : different).push(
          euclidean(described[i]!.d, described[j]!.d),
        );
      }
    }
    const best = bestThreshold(same, different);
    const rocAuc = rocAucLowerIsPositive(same, different);
    const detectionRecall = (labels.length - missed.length) / labels.length;
    const targets = {
      'detection recall >= 0.99': detectionRecall >= 0.99,
      'composite recall (faces >= 40 px) >= 0.95': recall40 >= 0.95,
      'ROC AUC >= 0.995': rocAuc >= 0.995,
      'best-threshold accuracy >= 0.985': best.balancedAccuracy >= 0.985,
    };
    return {
      photos: labels.length,
      detection: { labeled: labels.length, found: labels.length - missed.length, recall: detectionRecall, missed },
      composites: {
        images,
        faces: compositeFaces.length,
        recallBySize,
        recall40AndLarger: recall40,
        unexplainedDetectionsPerImage: unexplained / images,
      },
      verification: {
        faces: described.length,
        people: new Set(described.map((d) => d.person)).size,
        samePairs: same.length,
        differentPairs: different.length,
        rocAuc,
        bestThreshold: best.threshold,
        bestBalancedAccuracy: best.balancedAccuracy,
        falseAcceptAtDlib06: rateAtOrBelow(different, 0.6),
        falseRejectAtDlib06: 1 - rateAtOrBelow(same, 0.6),
      },
      secondsAnalysing: (Date.now() - started) / 1000,
      passed: Object.values(targets).every(Boolean),
      targets,
    };
  } finally {
    await pool.close();
    await rm(scratch, { recursive: true, force: true });
  }
}
