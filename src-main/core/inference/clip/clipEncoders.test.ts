import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { datasetsDir } from '../../../evals/datasets.js';
import { activePack, installPackFromFolder } from '../../clip/packStore.js';
import {
  TINY_DIM,
  tinyImageEmbedding,
  writeTinyClipPack,
  type TinyClipPackOptions,
} from '../../clip/testing/tinyClipPack.js';
import { loadClipTokenizer } from '../../clip/tokenizer.js';
import type { RgbImage } from '../preprocess/image.js';
import { cachedClipEncoders, loadClipEncoders, type ClipEncoders } from './clipEncoders.js';

/* The whole path with real onnxruntime sessions, on the test-only fake pack (tinyClipPack.ts). */
const REFERENCE_DIR = join(datasetsDir(), '..', 'models', 'clip-vit-base-patch32-tokenizer');

let root: string;
let packsDir: string;
const opened: ClipEncoders[] = [];
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'facets-clip-encoders-'));
  packsDir = join(root, 'packs');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((e) => e.release()));
  rmSync(root, { recursive: true, force: true });
});

async function installTiny(options: Partial<TinyClipPackOptions> = {}) {
  const src = join(root, `src-${Math.random().toString(36).slice(2)}`);
  const tiny = writeTinyClipPack(src, { referenceDir: REFERENCE_DIR, ...options });
  const pack = await installPackFromFolder(src, packsDir);
  return { tiny, pack };
}

async function open(options: Partial<TinyClipPackOptions> = {}) {
  const { tiny } = await installTiny(options);
  const encoders = await loadClipEncoders(activePack(packsDir)!);
  opened.push(encoders);
  return { tiny, encoders };
}

function flat(width: number, height: number, rgb: readonly [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height };
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
const unit = (v: Float32Array) => {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
};

/** What the fake text encoder must give for `text`: the sum of its tokens' rows (padding masked), normalised. */
function expectedText(table: Float32Array, text: string): Float32Array {
  const tokenizer = loadClipTokenizer(REFERENCE_DIR, { tokenizerJson: 'tokenizer.json' });
  const { ids, attentionMask } = tokenizer.encodeForModel(text);
  const sum = new Float32Array(TINY_DIM);
  ids.forEach((id, i) => {
    if (attentionMask[i]) for (let k = 0; k < TINY_DIM; k++) sum[k]! += table[id * TINY_DIM + k]!;
  });
  return unit(sum);
}

/** Element-wise within 10^-digits / 2 (float32 sums in onnxruntime differ from JavaScript doubles). */
function expectClose(actual: Float32Array | undefined, expected: Float32Array, digits: number): void {
  expect(Array.from(actual ?? [])).toEqual(Array.from(expected).map((v) => expect.closeTo(v, digits)));
}

const COLOURS: [string, [number, number, number]][] = [
  ['red', [255, 0, 0]],
  ['green', [0, 255, 0]],
  ['blue', [0, 0, 255]],
];

describe('loadClipEncoders on the tiny fake pack', () => {
  it('embeds images and texts into one unit-length space where each colour word finds its picture', async () => {
    const { encoders } = await open();
    expect(encoders.dim).toBe(TINY_DIM);
    expect(encoders.modelVersion).toMatch(/^tiny-clip-test-fake@1\+[0-9a-f]{12}\+[0-9a-f]{12}$/);
    const pictures = await encoders.embedImages(COLOURS.map(([, rgb]) => flat(320, 240, rgb)));
    const queries = await encoders.embedTexts(COLOURS.map(([word]) => `a photo of something ${word}`));
    for (const v of [...pictures, ...queries]) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    queries.forEach((q, i) => {
      const scores = pictures.map((p) => dot(q, p));
      expect(scores.indexOf(Math.max(...scores)), COLOURS[i]![0]).toBe(i);
    });
  });

  it('gives exactly what the encoders compute: preprocessing, token ids, padding mask and normalisation', async () => {
    const { encoders, tiny } = await open();
    const image = await encoders.embedImage(flat(500, 300, [200, 100, 30]));
    // The mean of 50,176 float32 pixels, summed in float32.
    expectClose(image, unit(tinyImageEmbedding([200, 100, 30])), 3);
    for (const text of ['red', 'A Blue car, parked by the GREEN door!', 'x'.repeat(500)]) {
      const got = await encoders.embedText(text);
      expectClose(got, expectedText(tiny.tokenTable, text), 5);
    }
  });

  it('embeds a batch exactly as one at a time', async () => {
    const { encoders } = await open();
    const images = [flat(300, 200, [10, 200, 60]), flat(200, 400, [250, 250, 0])];
    const batch = await encoders.embedImages(images);
    for (const [i, image] of images.entries()) expectClose(batch[i], await encoders.embedImage(image), 5);
    const texts = ['a dog', 'two cats on a red couch'];
    const textBatch = await encoders.embedTexts(texts);
    for (const [i, text] of texts.entries()) expectClose(textBatch[i], await encoders.embedText(text), 5);
    expect(await encoders.embedImages([])).toEqual([]);
  });

  it('accepts the other export variants a manifest declares: no attention mask, int32 ids, vocab + merges, other names', async () => {
    const { encoders, tiny } = await open({
      attentionMask: false,
      idsType: 'int32',
      tokenizer: 'vocab-merges',
      names: { pixels: 'image', imageEmbeds: 'image_features', ids: 'text', mask: 'mask', textEmbeds: 'text_features' },
    });
    // Without a mask the padding (end token, a zero row in the fake) is summed too, and changes nothing.
    expectClose(await encoders.embedText('blue'), expectedText(tiny.tokenTable, 'blue'), 5);
    expect(await encoders.embedImage(flat(240, 240, [0, 0, 255]))).toHaveLength(TINY_DIM);
  });

  it('runs an export whose batch is fixed at 1 one input at a time', async () => {
    const { encoders, tiny } = await open({ fixedBatch: true });
    const [red, blue] = await encoders.embedImages([flat(300, 300, [255, 0, 0]), flat(300, 300, [0, 0, 255])]);
    expectClose(red, unit(tinyImageEmbedding([255, 0, 0])), 3);
    expectClose(blue, unit(tinyImageEmbedding([0, 0, 255])), 3);
    const texts = await encoders.embedTexts(['red', 'green', 'blue']);
    texts.forEach((t, i) => expectClose(t, expectedText(tiny.tokenTable, ['red', 'green', 'blue'][i]!), 5));
  });

  it('refuses at load an encoder whose input size differs from the configuration', async () => {
    const src = join(root, 'context');
    const { manifest } = writeTinyClipPack(src, { referenceDir: REFERENCE_DIR });
    manifest['textEncoder'] = { contextLength: 64 };
    writeFileSync(join(src, 'facets-clip-pack.json'), JSON.stringify(manifest));
    const pack = await installPackFromFolder(src, packsDir);
    await expect(loadClipEncoders(pack)).rejects.toThrow(
      /CLIP text encoder input input_ids is \[batch, 77\], the pack's configuration gives \[N, 64\]/,
    );
  });

  it('refuses an encoder without the names the manifest declares, naming what it has', async () => {
    const src = join(root, 'renamed');
    const { manifest } = writeTinyClipPack(src, { referenceDir: REFERENCE_DIR });
    manifest['textEncoder'] = { input: 'token_ids', output: 'text_embeds' };
    writeFileSync(join(src, 'facets-clip-pack.json'), JSON.stringify(manifest));
    const pack = await installPackFromFolder(src, packsDir);
    await expect(loadClipEncoders(pack)).rejects.toThrow(
      /CLIP text encoder lacks input token_ids \(it has inputs input_ids, attention_mask; outputs text_embeds\)/,
    );
  });

  it('refuses an embedding size other than the manifest declares', async () => {
    const { encoders } = await open({ embeddingDim: 512 });
    await expect(encoders.embedText('dog')).rejects.toThrow(/float32 \[1, 4\] output, the pack declares \[1, 512\]/);
  });

  it('keeps loaded encoders per pack folder and reloads them when the pack is reinstalled with other encoders', async () => {
    const { pack } = await installTiny({ version: '1' });
    const first = await cachedClipEncoders(pack);
    expect(await cachedClipEncoders(activePack(packsDir)!)).toBe(first);
    const { pack: updated } = await installTiny({ version: '2', attentionMask: false });
    const second = await cachedClipEncoders(updated);
    opened.push(second);
    expect(second).not.toBe(first);
    expect(second.modelVersion).toMatch(/^tiny-clip-test-fake@2\+/);
    expect(await second.embedText('red')).toHaveLength(TINY_DIM);
  });

  it('refuses to load an installed encoder that was altered after install', async () => {
    const { pack } = await installTiny();
    const path = join(pack.dir, 'image_encoder.onnx');
    const bytes = readFileSync(path);
    bytes[bytes.length - 1]! ^= 0x01;
    writeFileSync(path, bytes);
    await expect(loadClipEncoders(pack)).rejects.toThrow(/image_encoder\.onnx has sha-256 .* reinstall the pack/);
  });
});
