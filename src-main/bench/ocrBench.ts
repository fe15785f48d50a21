/*
 * The OCR stage's speed per photo at 1 and 2 intra-op threads on COCO photos (datasets/text/coco), and its word
 * accuracy on the rendered-text photos the OCR test uses.
 */
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import type { RgbImage } from '../core/inference/preprocess/image.js';
import { ocrModels, readText } from '../core/inference/ocr/readText.js';
import { TEXT_PHOTOS, expectedWords, renderTextPhoto } from '../testing/textPhotos.js';

export type OcrBenchOptions = Readonly<{ datasetsDir: string; modelsDir: string; photos: number }>;

type Timing = Readonly<{
  threads: number;
  msPerPhoto: number;
  medianMs: number;
  detectMs: number;
  recognizeMs: number;
}>;

export type OcrBenchReport = Readonly<{
  suite: 'ocr';
  cocoPhotos: number;
  linesPerPhoto: number;
  timings: readonly Timing[];
  rendered: Readonly<{
    photos: number;
    /** 480 to 1600 px wide: the detector runs at up to 1280 px. */
    msPerPhotoAt2Threads: number;
    words: number;
    exactTokens: number;
    foundInTokensOrDespaced: number;
  }>;
}>;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeAt(
  threads: number,
  images: readonly RgbImage[],
  modelsDir: string,
): Promise<Timing & { lines: number }> {
  const models = ocrModels(modelsDir, threads);
  await readText(models, images[0]!); // session loads are not a photo's cost
  const totals: number[] = [];
  const detect: number[] = [];
  const recognize: number[] = [];
  let lines = 0;
  for (const image of images) {
    const started = performance.now();
    const { timings } = await readText(models, image);
    totals.push(performance.now() - started);
    detect.push(timings.detectMs);
    recognize.push(timings.recognizeMs);
    lines += timings.lines;
  }
  return {
    threads,
    msPerPhoto: mean(totals),
    medianMs: median(totals),
    detectMs: mean(detect),
    recognizeMs: mean(recognize),
    lines,
  };
}

async function renderedAccuracy(modelsDir: string): Promise<OcrBenchReport['rendered']> {
  const models = ocrModels(modelsDir, 2);
  let words = 0;
  let exactTokens = 0;
  let found = 0;
  const ms: number[] = [];
  for (const spec of TEXT_PHOTOS) {
    const image = await decodeForAnalysis(await renderTextPhoto(spec), DEFAULT_MAX_PIXELS);
    const started = performance.now();
    const { text } = await readText(models, image);
    ms.push(performance.now() - started);
    const tokens = new Set(text.words.map((w) => w.text));
    for (const word of expectedWords(spec)) {
      words++;
      if (tokens.has(word)) exactTokens++;
      if (tokens.has(word) || text.despaced.includes(word)) found++;
    }
  }
  return {
    photos: TEXT_PHOTOS.length,
    msPerPhotoAt2Threads: mean(ms),
    words,
    exactTokens,
    foundInTokensOrDespaced: found,
  };
}

export async function runOcrBench(options: OcrBenchOptions): Promise<OcrBenchReport> {
  const dir = join(options.datasetsDir, 'text', 'coco', 'images');
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, options.photos);
  const images = await Promise.all(
    files.map(async (f) => decodeForAnalysis(await readFile(join(dir, f)), DEFAULT_MAX_PIXELS)),
  );
  const timings = [];
  for (const threads of [1, 2]) timings.push(await timeAt(threads, images, options.modelsDir));
  return {
    suite: 'ocr',
    cocoPhotos: images.length,
    linesPerPhoto: timings[0]!.lines / images.length,
    timings: timings.map(({ lines: _, ...t }) => t),
    rendered: await renderedAccuracy(options.modelsDir),
  };
}
