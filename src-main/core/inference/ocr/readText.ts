/**
 * The OCR stage: PP-OCRv4 text detection, then recognition of every detected line. Runs in an inference worker.
 */
import { decodeOrReason } from '../faces/analyzePhoto.js';
import {
  SPACE_FLOOR,
  ctcGreedyDecode,
  parseDictionary,
  toRecognizedLine,
  type CtcAlphabet,
} from '../preprocess/ctc.js';
import type { RgbImage } from '../preprocess/image.js';
import {
  LINE_HEIGHT,
  cropTextLine,
  detectionCanvas,
  detectionInput,
  lineBatches,
  quadToImage,
  recognitionInput,
} from '../preprocess/ocrInput.js';
import { DB_DEFAULTS, readingOrder, rectCorners, textRegions, type Quad } from '../preprocess/textRegions.js';
import { loadVerifiedExtra, readManifest } from '../modelManifest.js';
import { modelRunner, type ModelRunner } from '../sessions.js';
import { indexTerms, type IndexTerms } from './ocrTerms.js';

/** The models the OCR stage runs, in order. */
export const OCR_MODELS = ['text-detector', 'text-recognizer'] as const;
/** Bump when the OCR code changes what it reads (thresholds, crops, decoding): with the models' hashes, the stage version. */
export const OCR_PIPELINE_VERSION = 1;
/** The recognizer's dictionary, an `extras` file of its manifest entry. */
export const RECOGNIZER_DICTIONARY = 'text-recognizer.dict.txt';

/** Lines read with a lower mean character confidence are dropped, as PaddleOCR's drop_score does. */
export const MIN_LINE_CONFIDENCE = 0.5;

export type OcrModels = Readonly<{ detector: ModelRunner; recognizer: ModelRunner; alphabet: CtcAlphabet }>;

export type TextLine = Readonly<{
  text: string;
  /** Mean probability of the line's characters, spaces left out. */
  confidence: number;
  words: readonly { text: string; confidence: number }[];
  /** Corners in image pixels, clockwise from the top-left of the text. */
  box: Quad;
  /** Detector's mean text probability over the region. */
  detectionScore: number;
}>;

export type PhotoText = Readonly<{ lines: readonly TextLine[] } & IndexTerms>;

export type OcrTimings = Readonly<{ detectMs: number; recognizeMs: number; lines: number }>;

const alphabets = new Map<string, CtcAlphabet>();

/** The recognizer's alphabet from the models folder, checked against the manifest's pin; read once per folder. */
function recognizerAlphabet(modelsDir: string): CtcAlphabet {
  let alphabet = alphabets.get(modelsDir);
  if (!alphabet) {
    const entry = readManifest(modelsDir).models.find((m) => m.id === 'text-recognizer');
    if (!entry) throw new Error('the manifest has no text-recognizer model');
    alphabet = parseDictionary(
      new TextDecoder('utf-8', { fatal: true }).decode(loadVerifiedExtra(modelsDir, entry, RECOGNIZER_DICTIONARY)),
    );
    alphabets.set(modelsDir, alphabet);
  }
  return alphabet;
}

export function ocrModels(modelsDir: string, threads: number): OcrModels {
  const [detector, recognizer] = OCR_MODELS.map((id) => modelRunner(modelsDir, id, threads));
  return { detector: detector!, recognizer: recognizer!, alphabet: recognizerAlphabet(modelsDir) };
}

/** The only output of a single-output model. */
function onlyOutput(outputs: Record<string, Float32Array>): Float32Array {
  const values = Object.values(outputs);
  if (values.length !== 1) throw new Error(`expected one model output, got ${values.length}`);
  return values[0]!;
}

/** Text boxes in the image, in reading order. */
async function detectText(detector: ModelRunner, image: RgbImage): Promise<{ box: Quad; score: number }[]> {
  const canvas = detectionCanvas(image.width, image.height);
  const probability = onlyOutput(
    await detector.run(detectionInput(image, canvas), [1, 3, canvas.height, canvas.width]),
  );
  const regions = readingOrder(textRegions(probability, canvas.width, canvas.height, DB_DEFAULTS));
  return regions.map((r) => ({
    box: quadToImage(rectCorners(r.rect), canvas, image.width, image.height),
    score: r.score,
  }));
}

/** Reads every box; lines below MIN_LINE_CONFIDENCE or empty are left out, the rest keep the boxes' order. */
async function recognize(
  models: OcrModels,
  image: RgbImage,
  boxes: readonly { box: Quad; score: number }[],
): Promise<TextLine[]> {
  const crops = boxes.map((b) => cropTextLine(image, b.box));
  const read = new Array<TextLine | undefined>(boxes.length);
  const classes = models.alphabet.symbols.length;
  for (const batch of lineBatches(crops.map((c) => c.width))) {
    const input = recognitionInput(crops, batch);
    const n = batch.indices.length;
    const probabilities = onlyOutput(await models.recognizer.run(input, [n, 3, LINE_HEIGHT, batch.width]));
    const steps = probabilities.length / (n * classes);
    if (!Number.isInteger(steps))
      throw new Error(`recognizer output of ${probabilities.length} values is not ${n} × T × ${classes}`);
    batch.indices.forEach((index, k) => {
      const slice = probabilities.subarray(k * steps * classes, (k + 1) * steps * classes);
      const line = toRecognizedLine(ctcGreedyDecode(slice, steps, classes, models.alphabet, SPACE_FLOOR));
      if (line.text.length === 0 || line.confidence < MIN_LINE_CONFIDENCE) return;
      read[index] = { ...line, box: boxes[index]!.box, detectionScore: boxes[index]!.score };
    });
  }
  return read.filter((l): l is TextLine => l !== undefined);
}

/** All the text PP-OCRv4 reads in a decoded photo: lines in reading order, and the terms to index. */
export async function readText(models: OcrModels, image: RgbImage): Promise<{ text: PhotoText; timings: OcrTimings }> {
  const started = performance.now();
  const boxes = await detectText(models.detector, image);
  const detected = performance.now();
  const lines = await recognize(models, image, boxes);
  const done = performance.now();
  return {
    text: { lines, ...indexTerms(lines) },
    timings: { detectMs: detected - started, recognizeMs: done - detected, lines: lines.length },
  };
}

export type OcrOptions = Readonly<{ modelsDir: string; threads: number; maxPixels: number }>;

export type OcrOutcome =
  | Readonly<{ kind: 'read'; width: number; height: number; text: PhotoText; timings: OcrTimings }>
  | Readonly<{ kind: 'failed'; reason: string }>;

/** Reads the text in image bytes, decoded as the face stage decodes them. Never throws for a bad image: it says why. */
export async function readTextInImage(bytes: Buffer, options: OcrOptions): Promise<OcrOutcome> {
  const decoded = await decodeOrReason(bytes, options.maxPixels);
  if (!('image' in decoded)) return decoded;
  const { image } = decoded;
  const { text, timings } = await readText(ocrModels(options.modelsDir, options.threads), image);
  return { kind: 'read', width: image.width, height: image.height, text, timings };
}
