/*
 * Test-only FAKE CLIP pack: two tiny ONNX encoders with CLIP's exported signature (pixel_values [N,3,224,224] →
 * image_embeds [N,D]; input_ids [N,77] (+ attention_mask) → text_embeds [N,D]), written with the project's ONNX
 * writer next to the real CLIP tokenizer and preprocessor files, so tests run install → load → embed with real
 * onnxruntime sessions. Not a model of anything: the image encoder projects the mean colour of the picture, the text
 * encoder sums one row per token, and the rows of "red", "green" and "blue" point where pure red, green and blue
 * pictures land. That is enough to tell a wiring mistake (planes, token order, padding) from a working path.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, createGraph } from '../../../modelbuild/onnx/onnxGraph.js';
import type { FileRole } from '../packManifest.js';
import { loadClipTokenizer } from '../tokenizer.js';
import { writeTestPack, type TestPackFile } from './testPackFolder.js';

export const TINY_DIM = 4;
const VOCAB_SIZE = 49408;
const MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
const STD = [0.26862954, 0.26130258, 0.27577711] as const;
/** Image embedding = mean normalised colour (R, G, B) and their sum scaled by 0.1. */
const IMAGE_PROJECTION = new Float32Array([1, 0, 0, 0.1, 0, 1, 0, 0.1, 0, 0, 1, 0.1]);

export type TinyClipPackOptions = Readonly<{
  /** Folder with the real CLIP tokenizer.json / vocab.json / merges.txt / preprocessor_config.json (read by path). */
  referenceDir: string;
  id?: string;
  version?: string;
  tokenizer?: 'tokenizer-json' | 'vocab-merges';
  attentionMask?: boolean;
  idsType?: 'int64' | 'int32';
  /** Non-default tensor names, declared in the manifest (as some exports name them differently). */
  names?: Readonly<{ pixels: string; imageEmbeds: string; ids: string; mask: string; textEmbeds: string }>;
  /** Both encoders take exactly one input per run (batch dimension fixed at 1), as some exports do. */
  fixedBatch?: boolean;
  /** Declared in the manifest; the encoders always give TINY_DIM (a mismatch tests the check). */
  embeddingDim?: number;
}>;

export const DEFAULT_NAMES = {
  pixels: 'pixel_values',
  imageEmbeds: 'image_embeds',
  ids: 'input_ids',
  mask: 'attention_mask',
  textEmbeds: 'text_embeds',
} as const;

/** Where a pure colour (0..255 RGB) lands after CLIP normalisation and the image projection. */
export function tinyImageEmbedding(rgb: readonly [number, number, number]): Float32Array {
  const v = rgb.map((c, i) => (c / 255 - MEAN[i]!) / STD[i]!);
  const out = new Float32Array(TINY_DIM);
  for (let k = 0; k < TINY_DIM; k++)
    out[k] = v[0]! * IMAGE_PROJECTION[k]! + v[1]! * IMAGE_PROJECTION[4 + k]! + v[2]! * IMAGE_PROJECTION[8 + k]!;
  return out;
}

/** The text encoder's token table: small deterministic rows, the colour words aimed at their colours. */
function tokenTable(referenceDir: string): Float32Array {
  const table = new Float32Array(VOCAB_SIZE * TINY_DIM);
  for (let i = 0; i < table.length; i++) table[i] = (((i * 2654435761) >>> 0) / 2 ** 32 - 0.5) * 0.1;
  const tokenizer = loadClipTokenizer(referenceDir, { tokenizerJson: 'tokenizer.json' });
  for (const id of [tokenizer.startId, tokenizer.endId]) table.fill(0, id * TINY_DIM, (id + 1) * TINY_DIM);
  const colours: [string, [number, number, number]][] = [
    ['red', [255, 0, 0]],
    ['green', [0, 255, 0]],
    ['blue', [0, 0, 255]],
  ];
  for (const [word, rgb] of colours) {
    const ids = tokenizer.encode(word).slice(1, -1);
    if (ids.length !== 1) throw new Error(`tiny CLIP pack: "${word}" is not one token`);
    table.set(tinyImageEmbedding(rgb), ids[0]! * TINY_DIM);
  }
  return table;
}

function imageEncoderModel(names: TinyClipPackOptions['names'] & object, batch: number | string): Uint8Array {
  const g = createGraph('tiny_clip_image_encoder_test_fake');
  const pixels = g.input(names.pixels, 'float32', [batch, 3, 224, 224]);
  const pooled = g.node('GlobalAveragePool', [pixels]);
  const flat = g.node('Flatten', [pooled], { axis: attr.int(1) });
  const embeds = g.node('MatMul', [flat, g.constant(IMAGE_PROJECTION, [3, TINY_DIM], 'projection')]);
  g.output(embeds, names.imageEmbeds, 'float32', [batch, TINY_DIM]);
  return g.encode({ producer: 'facets-test-fake', docString: 'Test-only fake CLIP image encoder' });
}

function textEncoderModel(
  names: TinyClipPackOptions['names'] & object,
  table: Float32Array,
  mask: boolean,
  idsType: 'int64' | 'int32',
  batch: number | string,
): Uint8Array {
  const g = createGraph('tiny_clip_text_encoder_test_fake');
  const ids = g.input(names.ids, idsType, [batch, 77]);
  let rows = g.node('Gather', [g.constant(table, [VOCAB_SIZE, TINY_DIM], 'token_table'), ids], { axis: attr.int(0) });
  if (mask) {
    const m = g.input(names.mask, idsType, [batch, 77]);
    const weights = g.node('Unsqueeze', [
      g.node('Cast', [m], { to: attr.int(1) }),
      g.constant(new BigInt64Array([2n]), [1], 'axis'),
    ]);
    rows = g.node('Mul', [rows, weights]);
  }
  const embeds = g.node('ReduceSum', [rows, g.constant(new BigInt64Array([1n]), [1], 'axes')], {
    keepdims: attr.int(0),
  });
  g.output(embeds, names.textEmbeds, 'float32', [batch, TINY_DIM]);
  return g.encode({ producer: 'facets-test-fake', docString: 'Test-only fake CLIP text encoder' });
}

export type TinyClipPack = Readonly<{ manifest: Record<string, unknown>; tokenTable: Float32Array }>;

/** Writes the fake pack into `dir` (a temporary folder) with a valid manifest. */
export function writeTinyClipPack(dir: string, options: TinyClipPackOptions): TinyClipPack {
  mkdirSync(dir, { recursive: true });
  const names = options.names ?? DEFAULT_NAMES;
  const table = tokenTable(options.referenceDir);
  const mask = options.attentionMask ?? true;
  const batch = options.fixedBatch ? 1 : 'batch';
  const reference = (name: string, role: FileRole): TestPackFile => ({
    path: name,
    role,
    bytes: readFileSync(join(options.referenceDir, name)),
  });
  const tokenizerFiles =
    (options.tokenizer ?? 'tokenizer-json') === 'tokenizer-json'
      ? [reference('tokenizer.json', 'tokenizer-json')]
      : [reference('vocab.json', 'tokenizer-vocab'), reference('merges.txt', 'tokenizer-merges')];
  const files: TestPackFile[] = [
    { path: 'image_encoder.onnx', role: 'image-encoder', bytes: imageEncoderModel(names, batch) },
    {
      path: 'text_encoder.onnx',
      role: 'text-encoder',
      bytes: textEncoderModel(names, table, mask, options.idsType ?? 'int64', batch),
    },
    ...tokenizerFiles,
    reference('preprocessor_config.json', 'preprocessor-config'),
    {
      path: 'LICENSE',
      role: 'licence',
      bytes: new TextEncoder().encode('Test-only fake encoders; no licence needed.\n'),
    },
  ];
  const manifest = writeTestPack(dir, {
    id: options.id ?? 'tiny-clip-test-fake',
    version: options.version ?? '1',
    embeddingDim: options.embeddingDim ?? TINY_DIM,
    files,
    manifest: {
      name: 'Tiny CLIP test fake (not a model)',
      imageEncoder: { input: names.pixels, output: names.imageEmbeds },
      textEncoder: { input: names.ids, attentionMask: names.mask, output: names.textEmbeds },
    },
  });
  return { manifest, tokenTable: table };
}
