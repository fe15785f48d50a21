import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { ANALYSIS_SIDE, decodeForAnalysis } from '../core/inference/photo/decodePhoto.js';
import { DISPLAY_SIDE, renderForDisplay } from '../core/inference/photo/displayPhoto.js';
import { readPhotoBytes } from '../core/inference/photo/readPhoto.js';
import { createDisplayCache } from '../core/services/displayCache.js';

type Case = Readonly<{ name: string; path: string }>;

export type DisplayBenchReport = Readonly<{
  suite: 'display';
  runs: number;
  cases: ReadonlyArray<{
    name: string;
    /** The viewer's `photo/<id>`: read, rotate, resize to DISPLAY_SIDE, JPEG. */
    renderMs: number;
    /** Baseline: the analysis decode of the same file (read, rotate, resize to ANALYSIS_SIDE, raw RGB). */
    baselineMs: number;
    ratioRenderToBaseline: number;
    /** The same photo asked for again, as the viewer does going back: served by the display cache. */
    repeatMs: number;
    width: number;
    height: number;
    kiB: number;
  }>;
}>;

async function medianMs(runs: number, work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

/**
 * What the viewer's full-size photo costs per request, on a face-api group photo (1920 px), a 24 MP JPEG and a 16-bit
 * TIFF made from it, against the analysis decode of the same file.
 */
export async function runDisplayBench(sample: string, runs = 5): Promise<DisplayBenchReport> {
  const dir = await mkdtemp(join(tmpdir(), 'facets-display-bench-'));
  try {
    const big = join(dir, 'big.jpg');
    await sharp(sample).resize(6000).jpeg({ quality: 90 }).toFile(big);
    const deep = join(dir, 'deep.tif');
    await sharp(sample).resize(4000).toColourspace('rgb16').tiff().toFile(deep);
    const cases: Case[] = [
      { name: 'group photo JPEG 1920 px', path: sample },
      { name: '24 MP JPEG 6000 px', path: big },
      { name: '16-bit TIFF 4000 px', path: deep },
    ];
    const results = [];
    for (const { name, path } of cases) {
      const raw = Buffer.from(path);
      const shown = await renderForDisplay(raw, DEFAULT_MAX_PIXELS);
      if (!('bytes' in shown)) throw new Error(`${name}: ${shown.reason}`);
      const renderMs = await medianMs(runs, () => renderForDisplay(raw, DEFAULT_MAX_PIXELS, DISPLAY_SIDE));
      const baselineMs = await medianMs(runs, async () => {
        const bytes = await readPhotoBytes(raw);
        if (Buffer.isBuffer(bytes)) await decodeForAnalysis(bytes, DEFAULT_MAX_PIXELS, ANALYSIS_SIDE);
      });
      const cache = createDisplayCache((path) => renderForDisplay(path, DEFAULT_MAX_PIXELS));
      await cache.get(1, raw);
      const repeatMs = await medianMs(runs, () => cache.get(1, raw));
      results.push({
        name,
        renderMs: Math.round(renderMs),
        baselineMs: Math.round(baselineMs),
        ratioRenderToBaseline: Math.round((renderMs / baselineMs) * 100) / 100,
        repeatMs: Math.round(repeatMs * 100) / 100,
        width: shown.width,
        height: shown.height,
        kiB: Math.round(shown.bytes.byteLength / 1024),
      });
    }
    return { suite: 'display', runs, cases: results };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
