import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ftyp, hevcHeic, pseudoRandomBytes } from '../../testing/brokenCorpus.js';
import type { ImageFormat } from '../../../src-shared/types/photo.js';
import { DecodeDoctor } from './decodeDoctor.js';
import { decodeImage, scanFile, type DecodeRequest, type ScanFileOptions, type ScannedPhoto } from './scanFile.js';

const OPTIONS: ScanFileOptions = { thumbSize: 320, maxPixels: 250_000_000, maxFileBytes: 64 * 2 ** 20 };

/** An ISO-BMFF file with HEIC brands and nothing readable after them: libheif fails on its header. */
const junkHeic = (): Buffer => ftyp('heic', ['mif1', 'heic'], pseudoRandomBytes(400, 6));

function decodeRequest(bytes: Buffer, format: ImageFormat): DecodeRequest {
  return { bytes, base: { size: bytes.length, mtimeMs: 0, contentHash: null, format }, format, options: OPTIONS };
}

function photo(result: Awaited<ReturnType<typeof scanFile>>): ScannedPhoto {
  if (result.kind !== 'photo') throw new Error(`expected a photo record, got ${result.kind}`);
  return result;
}

let dir: string;
let doctor: DecodeDoctor;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'facets-doctor-'));
  doctor = new DecodeDoctor();
});

afterAll(async () => {
  await doctor.close();
  await rm(dir, { recursive: true, force: true });
});

describe('DecodeDoctor', () => {
  it('gives the reason a decode alone gives, while other decodes fail beside it', async () => {
    const junk = Buffer.from(join(dir, 'junk.heic'));
    const hevc = Buffer.from(join(dir, 'hevc.heic'));
    await writeFile(junk, junkHeic());
    await writeFile(hevc, hevcHeic(64, 48));
    const alone = photo(await scanFile(junk, 'junk.heic', OPTIONS));
    expect(alone.status).toBe('error');
    expect(alone.problem?.code).toBe('corrupt');
    // Three HEVC decodes fail ("needs a codec") in other threads around every junk decode, at staggered moments. Without
    // the doctor the junk file's reason took their words in 67 rounds of 1000 here, or lost its own in 6.
    const reasons = new Set<string>();
    for (let round = 0; round < 150; round++) {
      const [junkResult] = await Promise.all([
        new Promise((resolve) => setTimeout(resolve, round % 7)).then(() =>
          scanFile(junk, 'junk.heic', OPTIONS, { doctor }),
        ),
        ...Array.from({ length: 3 }, () => scanFile(hevc, 'hevc.heic', OPTIONS, { doctor })),
      ]);
      const record = photo(junkResult);
      reasons.add(`${record.status}/${record.problem?.code}: ${record.problem?.message}`);
    }
    expect([...reasons]).toEqual([`${alone.status}/${alone.problem?.code}: ${alone.problem?.message}`]);
  }, 120_000);

  it('answers exactly what decodeImage answers, the thumbnail of a damaged photo included', async () => {
    const noise = { type: 'gaussian', mean: 128, sigma: 40 } as const;
    const whole = await sharp({ create: { width: 256, height: 192, channels: 3, background: '#000', noise } })
      .jpeg()
      .toBuffer();
    const request = decodeRequest(whole.subarray(0, Math.floor(whole.length * 0.6)), 'jpeg');
    const own = await decodeImage(request);
    expect(own.byDecoderWords).toBe(true);
    expect(own.photo.status).toBe('damaged');
    expect(own.photo.thumbnail).not.toBeNull();
    expect(await doctor.decode(request)).toEqual(own.photo);
  });

  it('stops its child when idle and starts another for the next question', async () => {
    const quick = new DecodeDoctor({ idleMs: 20 });
    const request = decodeRequest(junkHeic(), 'heif');
    expect(quick.running).toBe(false);
    const first = await quick.decode(request);
    expect(quick.running).toBe(true);
    await expect.poll(() => quick.running, { timeout: 5000 }).toBe(false);
    expect(await quick.decode(request)).toEqual(first);
    await quick.close();
    expect(quick.running).toBe(false);
  });

  it('has no answer when its child cannot start, and the scan keeps its own reading', async () => {
    const broken = new DecodeDoctor({ entry: join(dir, 'no-such-child.js') });
    const junk = Buffer.from(join(dir, 'junk.heic'));
    await writeFile(junk, junkHeic());
    const request = decodeRequest(junkHeic(), 'heif');
    expect(await broken.decode(request)).toBeNull();
    expect(await scanFile(junk, 'junk.heic', OPTIONS, { doctor: broken })).toEqual(
      await scanFile(junk, 'junk.heic', OPTIONS),
    );
    await broken.close();
  });
});
