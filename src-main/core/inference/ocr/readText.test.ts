import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEXT_PHOTOS, expectedWords, renderTextPhoto } from '../../../testing/textPhotos.js';
import { defaultModelsDir } from '../modelManifest.js';
import { readTextInImage, type OcrOptions, type PhotoText } from './readText.js';

const options: OcrOptions = { modelsDir: defaultModelsDir(), threads: 1, maxPixels: 100_000_000 };

type Read = { name: string; expected: string[]; text: PhotoText };

describe('readTextInImage on photos with words drawn in', () => {
  const reads: Read[] = [];

  beforeAll(async () => {
    expect(existsSync(join(options.modelsDir, 'text-detector.onnx')), 'models must be built (npm run models)').toBe(
      true,
    );
    for (const spec of TEXT_PHOTOS) {
      const outcome = await readTextInImage(await renderTextPhoto(spec), options);
      if (outcome.kind !== 'read') throw new Error(`${spec.name}: ${outcome.reason}`);
      reads.push({ name: spec.name, expected: expectedWords(spec), text: outcome.text });
    }
  }, 120_000);

  const tokens = (r: Read) => new Set(r.text.words.map((w) => w.text));

  it('reads nearly every drawn word exactly, as an index token', () => {
    const total = reads.reduce((n, r) => n + r.expected.length, 0);
    const exact = reads.reduce((n, r) => n + r.expected.filter((w) => tokens(r).has(w)).length, 0);
    const missed = reads.flatMap((r) => r.expected.filter((w) => !tokens(r).has(w)).map((w) => `${r.name}: ${w}`));
    expect(total).toBe(28);
    // Measured 27 of 28 (FESTIVAL, white bold on a photo, read as FESTVAL); a little slack for other font builds.
    expect(exact, `missed: ${missed.join(', ')}`).toBeGreaterThanOrEqual(25);
  });

  it('finds every photo by its words: all but at most one of each photo, as tokens or the de-spaced text', () => {
    for (const r of reads) {
      const found = r.expected.filter((w) => tokens(r).has(w) || r.text.despaced.includes(w));
      const lines = JSON.stringify(r.text.lines.map((l) => l.text));
      expect(found.length, `${r.name}: ${lines}`).toBeGreaterThanOrEqual(Math.max(1, r.expected.length - 1));
    }
  });

  it('reads little that is not there: most tokens are drawn words', () => {
    const extra = reads.flatMap((r) => r.text.words.filter((w) => !r.expected.includes(w.text)).map((w) => w.text));
    const total = reads.reduce((n, r) => n + r.text.words.length, 0);
    expect(extra.length, `extra tokens: ${extra.join(', ')}`).toBeLessThanOrEqual(total * 0.2);
  });

  it('gives lines in reading order with boxes where the words were drawn', () => {
    const plain = reads.find((r) => r.name === 'plain-white-two-lines')!;
    expect(plain.text.lines.map((l) => l.text.toLowerCase())).toEqual(['welcome to paris', 'bakery open daily']);
    const [first, second] = plain.text.lines;
    // Drawn with baselines at y 140 (64 px) and 320 (44 px), starting at x 60 and 80.
    expect(first!.box[0].y).toBeGreaterThan(60);
    expect(first!.box[3].y).toBeLessThan(170);
    expect(first!.box[0].x).toBeGreaterThan(40);
    expect(first!.box[0].x).toBeLessThan(75);
    expect(second!.box[0].y).toBeGreaterThan(first!.box[3].y);
    expect(second!.confidence).toBeGreaterThan(0.8);
  });

  it('reads no text in a plain photo without any', async () => {
    const { default: sharp } = await import('sharp');
    const blank = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#5a7d9a' } })
      .jpeg()
      .toBuffer();
    const outcome = await readTextInImage(blank, options);
    expect(outcome.kind === 'read' && outcome.text.lines).toEqual([]);
  });

  it('says why a corrupt image cannot be read instead of throwing', async () => {
    const outcome = await readTextInImage(Buffer.from('this is not an image at all'), options);
    expect(outcome).toEqual({ kind: 'failed', reason: expect.stringMatching(/^the photo could not be decoded: .+/) });
    const truncated = (await renderTextPhoto(TEXT_PHOTOS[0]!)).subarray(0, 300);
    const cut = await readTextInImage(truncated, options);
    expect(cut.kind).toBe('failed');
  });
});
