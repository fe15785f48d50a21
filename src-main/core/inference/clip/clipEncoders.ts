/*
 * A CLIP pack's image and text encoders in onnxruntime: photos and queries to L2-normalised vectors of the pack's
 * embedding size, comparable by dot product. Loads only files whose sha-256 matches the pack manifest.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { AppError } from '../../errors.js';
import {
  clipPixelValues,
  inputSize,
  parsePreprocessorConfig,
  type ClipImageConfig,
} from '../../clip/imagePreprocess.js';
import { fileWithRole, packModelVersion, type FileRole, type PackManifest } from '../../clip/packManifest.js';
import type { InstalledPack } from '../../clip/packStore.js';
import { loadClipTokenizer, type ClipTokenizer } from '../../clip/tokenizer.js';
import { sha256 } from '../modelManifest.js';
import type { RgbImage } from '../preprocess/image.js';
import { sessionOptions } from '../sessions.js';

export type ClipEncoders = Readonly<{
  packId: string;
  /** `<id>@<version>+<image sha prefix>+<text sha prefix>`: record it per vector so a pack change re-embeds. */
  modelVersion: string;
  dim: number;
  embedImages(images: readonly RgbImage[]): Promise<Float32Array[]>;
  embedImage(image: RgbImage): Promise<Float32Array>;
  embedTexts(texts: readonly string[]): Promise<Float32Array[]>;
  embedText(text: string): Promise<Float32Array>;
  release(): Promise<void>;
}>;

export type LoadOptions = Readonly<{ threads?: number }>;

function packFile(pack: InstalledPack, role: FileRole): string {
  const file = fileWithRole(pack.manifest, role);
  if (!file) throw new AppError('invalid-argument', `CLIP pack ${pack.id} has no ${role} file`);
  return file.path;
}

/** The file's bytes, refused unless they hash to the manifest's pin (an installed pack may have been altered). */
function verifiedBytes(pack: InstalledPack, role: FileRole): Uint8Array {
  const file = fileWithRole(pack.manifest, role)!;
  const bytes = readFileSync(join(pack.dir, file.path));
  const actual = sha256(bytes);
  if (actual !== file.sha256) {
    throw new AppError(
      'invalid-argument',
      `CLIP pack ${pack.id}: ${file.path} has sha-256 ${actual}, the manifest pins ${file.sha256}; reinstall the pack`,
    );
  }
  return bytes;
}

function requireNames(session: ort.InferenceSession, kind: string, inputs: string[], outputs: string[]): void {
  const missingIn = inputs.filter((n) => !session.inputNames.includes(n));
  const missingOut = outputs.filter((n) => !session.outputNames.includes(n));
  if (missingIn.length || missingOut.length) {
    throw new AppError(
      'invalid-argument',
      `CLIP ${kind} encoder lacks ${[...missingIn.map((n) => `input ${n}`), ...missingOut.map((n) => `output ${n}`)].join(', ')} ` +
        `(it has inputs ${session.inputNames.join(', ')}; outputs ${session.outputNames.join(', ')}): ` +
        `declare its names in the pack manifest`,
    );
  }
}

function inputMeta(session: ort.InferenceSession, name: string) {
  const meta = session.inputMetadata.find((m) => m.name === name);
  return meta?.isTensor ? { type: meta.type, shape: meta.shape } : { type: undefined, shape: [] };
}

/**
 * How many inputs one run takes: any number when the batch dimension is symbolic, one when an export fixed it at 1.
 * Refuses a declared size other than the preprocessing or tokenizer gives, before any photo is read.
 */
function batchLimit(session: ort.InferenceSession, name: string, expected: readonly number[], kind: string): number {
  const { shape } = inputMeta(session, name);
  if (shape.length === 0) return Infinity;
  const fixed = shape.slice(1);
  const clash = fixed.length !== expected.length || fixed.some((d, i) => typeof d === 'number' && d !== expected[i]);
  if (clash) {
    throw new AppError(
      'invalid-argument',
      `CLIP ${kind} encoder input ${name} is [${shape.join(', ')}], the pack's configuration gives [N, ${expected.join(', ')}]`,
    );
  }
  const batch = shape[0];
  if (typeof batch !== 'number') return Infinity;
  if (batch !== 1)
    throw new AppError(
      'invalid-argument',
      `CLIP ${kind} encoder has a fixed batch of ${batch}: export it with a symbolic or single batch`,
    );
  return 1;
}

/** Runs `embed` on slices of at most `limit` items, in order. */
async function inBatches<T>(
  items: readonly T[],
  limit: number,
  embed: (slice: readonly T[]) => Promise<Float32Array[]>,
) {
  if (items.length <= limit) return embed(items);
  const out: Float32Array[] = [];
  for (let i = 0; i < items.length; i += limit) out.push(...(await embed(items.slice(i, i + limit))));
  return out;
}

/** Splits an [N, D] output into N unit-length rows, refusing a width other than the manifest's. */
function normalisedRows(tensor: ort.Tensor, n: number, dim: number, kind: string): Float32Array[] {
  const dims = tensor.dims;
  if (tensor.type !== 'float32' || dims.length !== 2 || dims[0] !== n || dims[1] !== dim) {
    throw new AppError(
      'invalid-argument',
      `CLIP ${kind} encoder gave a ${tensor.type} [${dims.join(', ')}] output, the pack declares [${n}, ${dim}] float32`,
    );
  }
  const data = tensor.data as Float32Array;
  return Array.from({ length: n }, (_, i) => {
    const row = data.slice(i * dim, (i + 1) * dim);
    let norm = 0;
    for (const v of row) norm += v * v;
    norm = Math.sqrt(norm);
    // A zero vector stays zero: it matches nothing rather than everything.
    if (norm > 0) for (let k = 0; k < dim; k++) row[k]! /= norm;
    return row;
  });
}

function imageEncoder(session: ort.InferenceSession, manifest: PackManifest, config: ClipImageConfig) {
  const { input, output } = manifest.imageEncoder;
  requireNames(session, 'image', [input], [output]);
  const { width, height } = inputSize(config);
  const limit = batchLimit(session, input, [3, height, width], 'image');
  const plane = 3 * width * height;
  const run = async (images: readonly RgbImage[]): Promise<Float32Array[]> => {
    const batch = new Float32Array(plane * images.length);
    images.forEach((image, i) => clipPixelValues(image, config, { into: batch, offset: i * plane }));
    const result = await session.run({ [input]: new ort.Tensor('float32', batch, [images.length, 3, height, width]) });
    return normalisedRows(result[output]!, images.length, manifest.embeddingDim, 'image');
  };
  return async (images: readonly RgbImage[]) => (images.length === 0 ? [] : inBatches(images, limit, run));
}

function textEncoder(session: ort.InferenceSession, manifest: PackManifest, tokenizer: ClipTokenizer) {
  const { input, attentionMask, output, contextLength } = manifest.textEncoder;
  requireNames(session, 'text', [input], [output]);
  const withMask = session.inputNames.includes(attentionMask);
  const limit = batchLimit(session, input, [contextLength], 'text');
  // Exports differ: int64 ids (Hugging Face, OpenAI) or int32 (some converted ones).
  const tensor = (name: string, rows: readonly (readonly number[])[]) => {
    const flat = rows.flat();
    const dims = [rows.length, contextLength];
    return inputMeta(session, name).type === 'int32'
      ? new ort.Tensor('int32', Int32Array.from(flat), dims)
      : new ort.Tensor(
          'int64',
          BigInt64Array.from(flat, (v) => BigInt(v)),
          dims,
        );
  };
  const run = async (texts: readonly string[]): Promise<Float32Array[]> => {
    const encoded = texts.map((t) => tokenizer.encodeForModel(t, contextLength));
    const feeds: Record<string, ort.Tensor> = {
      [input]: tensor(
        input,
        encoded.map((e) => e.ids),
      ),
    };
    if (withMask)
      feeds[attentionMask] = tensor(
        attentionMask,
        encoded.map((e) => e.attentionMask),
      );
    const result = await session.run(feeds);
    return normalisedRows(result[output]!, texts.length, manifest.embeddingDim, 'text');
  };
  return async (texts: readonly string[]) => (texts.length === 0 ? [] : inBatches(texts, limit, run));
}

const cached = new Map<string, { version: string; encoders: Promise<ClipEncoders> }>();

/**
 * The encoders of `pack`, loaded once per thread and kept (as modelRunner keeps face sessions). A pack reinstalled
 * with other encoders is loaded afresh and the old sessions released; a failed load is not kept.
 */
export async function cachedClipEncoders(pack: InstalledPack, options: LoadOptions = {}): Promise<ClipEncoders> {
  const key = `${pack.dir}\0${options.threads ?? 1}`;
  const version = packModelVersion(pack.manifest);
  const entry = cached.get(key);
  if (entry?.version === version) return entry.encoders;
  if (entry) {
    cached.delete(key);
    await entry.encoders.then((e) => e.release()).catch(() => undefined);
  }
  const encoders = loadClipEncoders(pack, options);
  cached.set(key, { version, encoders });
  encoders.catch(() => cached.delete(key));
  return encoders;
}

/** Releases the encoders this thread holds (before its worker is terminated). */
export async function releaseClipEncoders(): Promise<void> {
  const held = [...cached.values()];
  cached.clear();
  await Promise.all(held.map((entry) => entry.encoders.then((e) => e.release()).catch(() => undefined)));
}

/** Opens both encoders of an installed pack (see core/clip: listInstalledPacks, activePack). */
export async function loadClipEncoders(pack: InstalledPack, options: LoadOptions = {}): Promise<ClipEncoders> {
  const { manifest } = pack;
  const threads = options.threads ?? 1;
  const tokenizer = fileWithRole(manifest, 'tokenizer-json')
    ? loadClipTokenizer(pack.dir, { tokenizerJson: packFile(pack, 'tokenizer-json') }, manifest.textEncoder.padTokenId)
    : loadClipTokenizer(
        pack.dir,
        { vocabJson: packFile(pack, 'tokenizer-vocab'), mergesTxt: packFile(pack, 'tokenizer-merges') },
        manifest.textEncoder.padTokenId,
      );
  const config = parsePreprocessorConfig(
    JSON.parse(readFileSync(join(pack.dir, packFile(pack, 'preprocessor-config')), 'utf8')),
  );
  const imageBytes = verifiedBytes(pack, 'image-encoder');
  const textBytes = verifiedBytes(pack, 'text-encoder');
  const imageSession = await ort.InferenceSession.create(imageBytes, sessionOptions(threads, true));
  let textSession: ort.InferenceSession;
  try {
    textSession = await ort.InferenceSession.create(textBytes, sessionOptions(threads, true));
  } catch (error) {
    await imageSession.release();
    throw error;
  }
  try {
    const embedImages = imageEncoder(imageSession, manifest, config);
    const embedTexts = textEncoder(textSession, manifest, tokenizer);
    return {
      packId: pack.id,
      modelVersion: packModelVersion(manifest),
      dim: manifest.embeddingDim,
      embedImages,
      embedImage: async (image) => (await embedImages([image]))[0]!,
      embedTexts,
      embedText: async (text) => (await embedTexts([text]))[0]!,
      async release() {
        await Promise.all([imageSession.release(), textSession.release()]);
      },
    };
  } catch (error) {
    await Promise.all([imageSession.release(), textSession.release()]);
    throw error;
  }
}
