/*
 * `npm run bench -- clip`: the CLIP pack's plain-Node stages, each beside a baseline run on the same input:
 * tokenizer load and per-caption time on ../shared/datasets/text/coco captions (baseline: Hugging Face's
 * @huggingface/tokenizers on the same tokenizer.json), and image preprocessing per photo on the COCO photos decoded
 * as the indexer decodes them (baseline: libvips' cubic resize + extract through sharp, to bytes). The encoders need
 * a real pack, which no reachable source carries, so they are not timed here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import sharp from 'sharp';
import { clipPixelValues, parsePreprocessorConfig, resizedSize } from '../core/clip/imagePreprocess.js';
import { loadClipTokenizer } from '../core/clip/tokenizer.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import type { RgbImage } from '../core/inference/preprocess/image.js';

const REPEATS = 20;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
const round = (v: number, digits = 3) => Number(v.toFixed(digits));
const timed = <T>(run: () => T): [T, number] => {
  const start = performance.now();
  const value = run();
  return [value, performance.now() - start];
};

function captions(datasetsDir: string): string[] {
  return readFileSync(join(datasetsDir, 'text', 'coco', 'queries.csv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.includes(','))
    .map((l) => l.slice(0, l.lastIndexOf(',')));
}

function tokenizerBench(referenceDir: string, texts: readonly string[]) {
  const readJson = (name: string) => JSON.parse(readFileSync(join(referenceDir, name), 'utf8')) as object;
  const [ours, oursLoadMs] = timed(() => loadClipTokenizer(referenceDir, { tokenizerJson: 'tokenizer.json' }));
  const [reference, referenceLoadMs] = timed(
    () => new Tokenizer(readJson('tokenizer.json'), readJson('tokenizer_config.json')),
  );
  const perCaption = (encode: (t: string) => unknown) => {
    for (const t of texts) encode(t); // warm caches and JIT
    const [, ms] = timed(() => {
      for (let r = 0; r < REPEATS; r++) for (const t of texts) encode(t);
    });
    return round((ms * 1000) / (REPEATS * texts.length), 1);
  };
  return {
    captions: texts.length,
    facets: { loadMs: round(oursLoadMs, 0), microsecondsPerCaption: perCaption((t) => ours.encodeForModel(t)) },
    huggingFaceTokenizersJs: {
      loadMs: round(referenceLoadMs, 0),
      microsecondsPerCaption: perCaption((t) => reference.encode(t)),
    },
  };
}

async function sharpBaseline(image: RgbImage, width: number, height: number): Promise<void> {
  const size = { width, height };
  await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .resize(size.width, size.height, { kernel: 'cubic', fit: 'fill' })
    .extract({
      left: Math.floor((size.width - 224) / 2),
      top: Math.floor((size.height - 224) / 2),
      width: 224,
      height: 224,
    })
    .raw()
    .toBuffer();
}

async function preprocessBench(referenceDir: string, imagesDir: string) {
  const config = parsePreprocessorConfig(
    JSON.parse(readFileSync(join(referenceDir, 'preprocessor_config.json'), 'utf8')),
  );
  const files = readdirSync(imagesDir).filter((f) => /\.jpe?g$/i.test(f));
  const images: RgbImage[] = [];
  for (const f of files) images.push(await decodeForAnalysis(readFileSync(join(imagesDir, f)), 100_000_000));
  const ours: number[] = [];
  const baseline: number[] = [];
  for (const image of images) {
    ours.push(timed(() => clipPixelValues(image, config))[1]);
    const size = resizedSize(config, image.width, image.height);
    const start = performance.now();
    await sharpBaseline(image, size.width, size.height);
    baseline.push(performance.now() - start);
  }
  const stats = (ms: number[]) => ({ p50Ms: round(quantile(ms, 0.5), 1), p95Ms: round(quantile(ms, 0.95), 1) });
  const large = (width: number, height: number) => {
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = (i * 7919) & 0xff;
    const image = { data, width, height };
    clipPixelValues(image, config);
    return round(timed(() => clipPixelValues(image, config))[1], 1);
  };
  return {
    photos: images.length,
    decodedSizes: [...new Set(images.map((i) => `${i.width}x${i.height}`))].slice(0, 5),
    facets: stats(ours),
    sharpCubicResizeExtract: stats(baseline),
    facetsMsAt: { '1920x1440': large(1920, 1440), '4000x3000': large(4000, 3000) },
  };
}

export async function runClipBench(datasetsDir: string) {
  const referenceDir = join(datasetsDir, '..', 'models', 'clip-vit-base-patch32-tokenizer');
  return {
    suite: 'clip',
    tokenizer: tokenizerBench(referenceDir, captions(datasetsDir)),
    preprocess: await preprocessBench(referenceDir, join(datasetsDir, 'text', 'coco', 'images')),
  };
}
