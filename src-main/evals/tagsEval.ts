import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { isCocoLabel, type CocoLabel } from '../core/inference/preprocess/cocoLabels.js';
import type { ObjectTag } from '../core/inference/preprocess/nanodet.js';
import { OBJECT_DETECTOR_MODEL, detectObjects } from '../core/inference/scenes/detectObjects.js';
import { modelRunner } from '../core/inference/sessions.js';
import { parseCsv } from './csv.js';

/*
 * `facets eval tags`: the object tagger (NanoDet-g-416) on ../shared/datasets/text/coco, whose objects.csv lists every
 * COCO category present in each of its 80 photos. Image-level tags: a category counts as found in a photo when a
 * detection of it scores at least the threshold; precision and recall over all (photo, category) pairs.
 */

export const TAG_THRESHOLDS = [0.25, 0.35, 0.5] as const;

export type TagFigures = Readonly<{
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}>;

export type TagsEvalReport = Readonly<{
  photos: number;
  /** (photo, category) pairs in the labels. */
  labeledTags: number;
  byThreshold: readonly TagFigures[];
  /** Categories missed most often at 0.35, with how many of their photos missed them. */
  mostMissed: readonly Readonly<{ label: string; missed: number; of: number }>[];
  /** Single-thread milliseconds per photo, median: decode (sharp, long side 1920) and tagging (pre, model, post). */
  msPerPhoto: Readonly<{ decode: number; tag: number }>;
  passed: boolean;
  targets: Readonly<Record<string, boolean>>;
}>;

export type LabeledTags = ReadonlyMap<string, ReadonlySet<CocoLabel>>;

/** objects.csv: photo path (relative to the collection) → its COCO categories. */
export function loadCocoObjects(collectionDir: string): LabeledTags {
  const rows = parseCsv(readFileSync(join(collectionDir, 'objects.csv'), 'utf8'));
  return new Map(
    rows.map((row) => {
      const labels = (row['categories'] ?? '')
        .split(';')
        .map((l) => l.trim())
        .filter((l) => l !== '');
      const unknown = labels.filter((l) => !isCocoLabel(l));
      if (unknown.length > 0)
        throw new Error(`objects.csv: ${row['file']} lists non-COCO categories ${unknown.join(', ')}`);
      return [row['file'] ?? '', new Set(labels as CocoLabel[])];
    }),
  );
}

/** Precision and recall of predicted image tags against the labels, at each threshold. */
export function scoreTags(
  truth: LabeledTags,
  predicted: ReadonlyMap<string, readonly ObjectTag[]>,
  thresholds: readonly number[],
): TagFigures[] {
  return thresholds.map((threshold) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const [file, labels] of truth) {
      const found = new Set((predicted.get(file) ?? []).filter((t) => t.score >= threshold).map((t) => t.label));
      for (const label of found)
        if (labels.has(label)) tp++;
        else fp++;
      for (const label of labels) if (!found.has(label)) fn++;
    }
    const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
    const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { threshold, precision, recall, f1, truePositives: tp, falsePositives: fp, falseNegatives: fn };
  });
}

function mostMissed(truth: LabeledTags, predicted: ReadonlyMap<string, readonly ObjectTag[]>, threshold: number) {
  const counts = new Map<string, { missed: number; of: number }>();
  for (const [file, labels] of truth) {
    const found = new Set((predicted.get(file) ?? []).filter((t) => t.score >= threshold).map((t) => t.label));
    for (const label of labels) {
      const c = counts.get(label) ?? { missed: 0, of: 0 };
      c.of++;
      if (!found.has(label)) c.missed++;
      counts.set(label, c);
    }
  }
  return [...counts.entries()]
    .map(([label, c]) => ({ label, ...c }))
    .sort((a, b) => b.missed - a.missed || a.label.localeCompare(b.label))
    .slice(0, 10);
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor(sorted.length / 2)]!;
};

export type TagsEvalOptions = Readonly<{
  modelsDir?: string;
  /** Only the first N photos (tests). */
  limit?: number;
}>;

/** Tags every photo of text/coco in this thread (one ORT thread) and scores the tags. */
export async function runTagsEval(datasets: string, options: TagsEvalOptions = {}): Promise<TagsEvalReport> {
  const dir = join(datasets, 'text', 'coco');
  const all = loadCocoObjects(dir);
  const truth: LabeledTags = new Map([...all].slice(0, options.limit ?? all.size));
  const detector = modelRunner(options.modelsDir ?? defaultModelsDir(), OBJECT_DETECTOR_MODEL, 1);
  const predicted = new Map<string, readonly ObjectTag[]>();
  const decodeMs: number[] = [];
  const tagMs: number[] = [];
  for (const file of truth.keys()) {
    const bytes = await readFile(join(dir, file));
    const t0 = performance.now();
    const image = await decodeForAnalysis(bytes, DEFAULT_MAX_PIXELS);
    const t1 = performance.now();
    const { tags } = await detectObjects(detector, image, { tagMinScore: Math.min(...TAG_THRESHOLDS) });
    tagMs.push(performance.now() - t1);
    decodeMs.push(t1 - t0);
    predicted.set(file, tags);
  }
  const byThreshold = scoreTags(truth, predicted, TAG_THRESHOLDS);
  const at035 = byThreshold.find((f) => f.threshold === 0.35)!;
  // MODEL_NOTES measured precision 79% / recall 57% at 0.35 on 79 of these photos with the upstream input.
  const targets = { 'precision ≥ 0.75 at 0.35': at035.precision >= 0.75, 'recall ≥ 0.5 at 0.35': at035.recall >= 0.5 };
  return {
    photos: truth.size,
    labeledTags: [...truth.values()].reduce((n, s) => n + s.size, 0),
    byThreshold,
    mostMissed: mostMissed(truth, predicted, 0.35),
    // The first photo pays for the session's creation: left out of the medians' concern by taking medians.
    msPerPhoto: { decode: median(decodeMs), tag: median(tagMs) },
    passed: Object.values(targets).every(Boolean),
    targets,
  };
}
