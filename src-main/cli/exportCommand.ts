import type { PersonId, SceneId } from '../../src-shared/types/ids.js';
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
    top?: string | undefined;
    scenes?: string | undefined;
  }>;

const MODES: Readonly<Record<string, ExportMode>> = {
  copy: 'copy',
  link: 'hardlink',
  hardlink: 'hardlink',
  symlink: 'symlink',
};

/** A comma-separated list of ids given to `flag`. */
function ids(list: string | undefined, flag: string): number[] | undefined {
  return list?.split(',').map((id) => {
    const value = Number(id.trim());
    if (!Number.isSafeInteger(value) || value <= 0) throw new Error(`${flag} takes ids, not "${id}"`);
    return value;
  });
}

/**
 * `facets export [people|scenes] --out DIR --mode copy|link|symlink [--dry-run]`, people with [--min-photos N]
 * [--people 3,7] [--include-hidden], scenes with [--top N] [--scenes 3,7]: one folder each.
 */
export async function exportCommand(what: string, options: ExportOptions): Promise<number> {
  if (what !== 'people' && what !== 'scenes') throw new Error(`facets export exports people or scenes, not "${what}"`);
  if (!options.out) throw new Error('facets export needs --out <folder>');
  const mode = MODES[options.mode ?? 'copy'];
  if (!mode) throw new Error(`--mode takes copy, link (a hard link) or symlink, not "${options.mode}"`);
  const people = ids(options.people, '--people') as PersonId[] | undefined;
  const scenes = ids(options.scenes, '--scenes') as SceneId[] | undefined;
  const minPhotos = options['min-photos'] === undefined ? undefined : Number(options['min-photos']);
  const top = options.top === undefined ? undefined : Number(options.top);
  const core = await openCore(options, { create: false });
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
    const common = { destination: options.out, mode, dryRun: options['dry-run'] ?? false };
    const summary =
      what === 'scenes'
        ? await core.handlers.exports.scenes({
            ...common,
            ...(scenes ? { scenes } : {}),
            ...(top === undefined ? {} : { top }),
          })
        : await core.handlers.exports.people({
            ...common,
            ...(people ? { people } : {}),
            ...(minPhotos === undefined ? {} : { minPhotos }),
            includeHidden: options['include-hidden'] ?? false,
          });
    renderer.finish();
    if (options.json) {
      process.stdout.write(`${JSON.stringify(summary)}\n`);
    } else {
      const { written, unchanged, renamedForCollision, stale, failed } = summary.counts;
      process.stdout.write(
        `${summary.dryRun ? 'Would export' : 'Exported'} ${summary.folders.length} ${what} to ${summary.destination} (${summary.mode})\n` +
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
