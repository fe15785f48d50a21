import type { PersonId } from '../../src-shared/types/ids.js';
import type { ExportMode } from '../../src-shared/types/export.js';
import { createProgressMeter } from '../core/jobs/progressMeter.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';

export type ExportOptions = GlobalOptions &
  Readonly<{
    out?: string | undefined;
    mode?: string | undefined;
    'min-photos'?: string | undefined;
    people?: string | undefined;
    'include-hidden'?: boolean | undefined;
    'dry-run'?: boolean | undefined;
    json?: boolean | undefined;
  }>;

const MODES: Readonly<Record<string, ExportMode>> = {
  copy: 'copy',
  link: 'hardlink',
  hardlink: 'hardlink',
  symlink: 'symlink',
};

/** `facets export --out DIR --mode copy|link|symlink [--min-photos N] [--people 3,7] [--dry-run]`: people to folders. */
export async function exportCommand(options: ExportOptions): Promise<number> {
  if (!options.out) throw new Error('facets export needs --out <folder>');
  const mode = MODES[options.mode ?? 'copy'];
  if (!mode) throw new Error(`--mode takes copy, link (a hard link) or symlink, not "${options.mode}"`);
  const people = options.people?.split(',').map((id) => {
    const value = Number(id.trim());
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`--people takes person ids, not "${id}"`);
    return value as PersonId;
  });
  const minPhotos = options['min-photos'] === undefined ? undefined : Number(options['min-photos']);
  const core = await openCore(options);
  const renderer = createProgressRenderer(process.stderr);
  const meter = createProgressMeter();
  const off = core.events.on('export.progress', (p) => {
    meter.sample(Date.now(), p.done);
    renderer.update({
      phase: 'processing',
      state: 'running',
      done: p.done,
      total: p.total,
      ratePerSecond: meter.ratePerSecond(),
      etaSeconds: meter.etaSeconds(p.done, p.total, true),
      problems: 0,
      currentFile: p.current ?? null,
    });
  });
  try {
    const summary = await core.handlers.exports.people({
      destination: options.out,
      mode,
      ...(people ? { people } : {}),
      ...(minPhotos === undefined ? {} : { minPhotos }),
      includeHidden: options['include-hidden'] ?? false,
      dryRun: options['dry-run'] ?? false,
    });
    renderer.finish();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      const { written, unchanged, renamedForCollision, stale, failed } = summary.counts;
      process.stdout.write(
        `${summary.dryRun ? 'Would export' : 'Exported'} ${summary.folders.length} people to ${summary.destination} (${summary.mode})\n` +
          `  ${written} written · ${unchanged} unchanged · ${renamedForCollision} renamed for a name collision · ${stale} stale (kept) · ${failed} failed\n`,
      );
      for (const folder of summary.folders) process.stdout.write(`  ${folder.folderName}/  ${folder.files} photos\n`);
      for (const failure of summary.failures) process.stdout.write(`  failed: ${failure.source}: ${failure.reason}\n`);
      if (!summary.dryRun) process.stdout.write(`Manifest: ${summary.manifest.json}\n`);
    }
    return summary.counts.failed > 0 ? 1 : 0;
  } finally {
    off();
    await core.close();
  }
}
