import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createCore } from '../core/createCore.js';
import { defaultConfig } from '../core/config.js';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import { parseCsv } from './csv.js';

export type ScanEvalReport = Readonly<{
  datasets: string;
  expectedImages: number;
  otherFiles: number;
  indexed: number;
  ok: number;
  byFormat: Record<string, number>;
  mismatches: readonly string[];
  seconds: number;
  filesPerSecond: number;
  passed: boolean;
}>;

function manifests(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...manifests(path));
    else if (entry.name === 'manifest.csv') found.push(path);
  }
  return found;
}

function countFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).length;
}

/**
 * Scans the shared datasets into a fresh library and checks the index against every collection's manifest: each
 * listed image indexed once, status ok, format and display size as the manifest says; nothing else indexed.
 */
export async function runScanEval(datasets: string, workerCount?: number): Promise<ScanEvalReport> {
  statSync(datasets);
  const expected = new Map<string, { format: string; width: number; height: number }>();
  for (const manifest of manifests(datasets)) {
    const base = join(manifest, '..');
    for (const row of parseCsv(readFileSync(manifest, 'utf8'))) {
      expected.set(join(base, row['file']!), {
        format: row['format']!.toLowerCase(),
        width: Number(row['width']),
        height: Number(row['height']),
      });
    }
  }
  const library = await mkdtemp(join(tmpdir(), 'facets-eval-scan-'));
  // Faces are the faces eval's business: this one measures the scan alone.
  const core = await createCore(defaultConfig(library, { autoIndex: false, ...(workerCount ? { workerCount } : {}) }));
  try {
    const started = Date.now();
    const root = await core.handlers.library.addRoot(datasets);
    const job = await core.handlers.library.startScan([root.id]);
    const final = await core.waitForJob(job.jobId);
    const seconds = (Date.now() - started) / 1000;
    const photos: PhotoSummary[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await core.handlers.photos.list({ offset, limit: 1000, sort: 'path' });
      photos.push(...page.items);
      if (offset + 1000 >= page.total) break;
    }
    const mismatches: string[] = [];
    if (final.state !== 'done') mismatches.push(`scan ended ${final.state}: ${final.error ?? ''}`);
    const seen = new Set<string>();
    for (const photo of photos) {
      const want = expected.get(photo.path);
      const name = relative(datasets, photo.path);
      if (!want) {
        mismatches.push(`${name}: indexed but not an image of any manifest`);
        continue;
      }
      if (seen.has(photo.path)) mismatches.push(`${name}: indexed twice`);
      seen.add(photo.path);
      if (photo.status !== 'ok') mismatches.push(`${name}: ${photo.status} (${photo.problem?.message ?? ''})`);
      if (photo.format !== want.format) mismatches.push(`${name}: format ${photo.format}, manifest ${want.format}`);
      if (photo.width !== want.width || photo.height !== want.height) {
        mismatches.push(`${name}: ${photo.width}×${photo.height}, manifest ${want.width}×${want.height}`);
      }
    }
    for (const path of expected.keys())
      if (!seen.has(path)) mismatches.push(`${relative(datasets, path)}: not indexed`);
    const status = await core.handlers.library.status();
    return {
      datasets,
      expectedImages: expected.size,
      otherFiles: countFiles(datasets) - expected.size,
      indexed: photos.length,
      ok: status.counts.byStatus.ok,
      byFormat: status.counts.byFormat as Record<string, number>,
      mismatches,
      seconds,
      filesPerSecond: Math.round((final.total / seconds) * 10) / 10,
      passed: mismatches.length === 0,
    };
  } finally {
    await core.close();
    await rm(library, { recursive: true, force: true });
  }
}
