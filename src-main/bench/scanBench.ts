import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createCore } from '../core/createCore.js';
import { defaultConfig } from '../core/config.js';
import { sniffFormat } from '../core/scan/sniff.js';

export type ScanBenchReport = Readonly<{
  suite: 'scan';
  dir: string;
  files: number;
  images: number;
  workers: number;
  baseline: Readonly<{ what: string; seconds: number; imagesPerSecond: number }>;
  firstScan: Readonly<{ seconds: number; filesPerSecond: number; imagesPerSecond: number }>;
  rescanUnchanged: Readonly<{ seconds: number; filesPerSecond: number }>;
  /** firstScan.seconds / baseline.seconds: what indexing costs beyond decoding and thumbnailing. */
  ratioFirstScanToBaseline: number;
  ratioRescanToFirstScan: number;
  peakRssMiB: number;
}>;

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && !e.name.startsWith('.'))
    .map((e) => join(e.parentPath, e.name));
}

async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/**
 * First scan and unchanged rescan of a folder, against the floor any indexer pays: a plain loop that reads each image
 * and makes the same thumbnail with sharp (same concurrency, warm page cache for both).
 */
export async function runScanBench(dir: string, workers: number): Promise<ScanBenchReport> {
  const files = listFiles(dir);
  const images: string[] = [];
  for (const file of files) {
    const bytes = await readFile(file);
    if (sniffFormat(bytes.subarray(0, 64))) images.push(file);
  }

  sharp.concurrency(1);
  const baselineStart = process.hrtime.bigint();
  await eachLimited(images, workers, async (file) => {
    await sharp(await readFile(file))
      .rotate()
      .resize(320, 320, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 76, effort: 2 })
      .toBuffer();
  });
  const baselineSeconds = seconds(baselineStart);

  const library = await mkdtemp(join(tmpdir(), 'facets-bench-scan-'));
  const core = await createCore(defaultConfig(library, { workerCount: workers, autoIndex: false }));
  try {
    const root = await core.handlers.library.addRoot(dir);
    const firstStart = process.hrtime.bigint();
    await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    const firstSeconds = seconds(firstStart);
    const rescanStart = process.hrtime.bigint();
    const rescan = await core.waitForJob((await core.handlers.library.startScan([root.id])).jobId);
    const rescanSeconds = seconds(rescanStart);
    if (rescan.state !== 'done') throw new Error(`rescan ended ${rescan.state}`);
    const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;
    return {
      suite: 'scan',
      dir,
      files: files.length,
      images: images.length,
      workers,
      baseline: {
        what: 'read + sharp rotate/resize 320/webp per image, same concurrency',
        seconds: round(baselineSeconds),
        imagesPerSecond: round(images.length / baselineSeconds, 1),
      },
      firstScan: {
        seconds: round(firstSeconds),
        filesPerSecond: round(files.length / firstSeconds, 1),
        imagesPerSecond: round(images.length / firstSeconds, 1),
      },
      rescanUnchanged: { seconds: round(rescanSeconds), filesPerSecond: round(files.length / rescanSeconds, 1) },
      ratioFirstScanToBaseline: round(firstSeconds / baselineSeconds, 2),
      ratioRescanToFirstScan: round(rescanSeconds / firstSeconds, 4),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  } finally {
    await core.close();
    await rm(library, { recursive: true, force: true });
  }
}
