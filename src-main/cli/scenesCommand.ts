import type { PhotoId, SceneId } from '../../src-shared/types/ids.js';
import type { SceneSummary } from '../../src-shared/types/scene.js';
import type { Core } from '../core/createCore.js';
import { DATABASE_FILE, openDatabase } from '../core/db/database.js';
import { photoIdAtPath } from '../core/db/repos/photosRepo.js';
import { positiveNumber } from './cliArgs.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';
import { realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type ScenesOptions = GlobalOptions &
  Readonly<{ json?: boolean | undefined; top?: string | undefined; limit?: string | undefined }>;

export const SCENES_HELP = `  facets scenes [list] [--top N]       the largest scenes (default 5) with sample photos
  facets scenes show <id>              a scene's photos, most typical first
  facets scenes rename <id> <name>     name a scene (its photos are then found by the name); "-" unnames
  facets scenes like <photo|id> [--limit N]   photos with the nearest backgrounds ("more like this")
  facets scenes recluster              cluster every photo's background again (names are kept)`;

const positive = positiveNumber;

const SAMPLE_NAMES = 3;

const line = (s: SceneSummary) =>
  `${String(s.id).padStart(6)}  ${s.displayName.padEnd(28)} ${String(s.photoCount).padStart(6)} photos  ${s.samples
    .slice(0, SAMPLE_NAMES)
    .map((p) => p.name)
    .join(', ')}`;

/** The library id of the photo at `path` (the contract takes ids; the command line takes paths too). */
function photoIdOfFile(core: Core, path: string): number | undefined {
  const db = openDatabase(join(core.config.libraryDir, DATABASE_FILE), { readonly: true });
  try {
    // The library stores real paths (symlinks resolved), as the scanner found them.
    return photoIdAtPath(db, Buffer.from(realpathSync.native(resolve(path))));
  } finally {
    db.close();
  }
}

/** `facets scenes …`: list, inspect, name scenes and find photos with like backgrounds. */
export async function scenesCommand(args: readonly string[], options: ScenesOptions): Promise<number> {
  const [action = 'list', ...rest] = args;
  const core = await openCore(options, { create: false });
  const scenes = core.handlers.scenes;
  const out = (value: unknown, text: () => string) =>
    process.stdout.write(options.json ? `${JSON.stringify(value)}\n` : `${text()}\n`);
  try {
    switch (action) {
      case 'list': {
        const list = await scenes.list(options.top ? { top: positive(options.top, '--top') } : {});
        out(list, () => (list.length === 0 ? 'no scenes yet (run `facets scan`)' : list.map(line).join('\n')));
        return 0;
      }
      case 'show': {
        const sceneId = positive(rest[0], 'scene') as SceneId;
        const scene = await scenes.get(sceneId);
        const photos = await scenes.photos(sceneId, { limit: 1000 });
        out({ scene, photos }, () => [line(scene), ...photos.items.map((p) => `        ${p.path}`)].join('\n'));
        return 0;
      }
      case 'rename': {
        const name = rest.slice(1).join(' ').trim();
        if (!name) throw new Error('facets scenes rename <id> <name>  ("-" removes the name)');
        const scene = await scenes.rename(positive(rest[0], 'scene') as SceneId, name === '-' ? null : name);
        out(scene, () => line(scene));
        return 0;
      }
      case 'like': {
        const target = rest[0];
        if (!target) throw new Error('facets scenes like <photo path or id>');
        const photoId = /^\d+$/.test(target) ? Number(target) : photoIdOfFile(core, target);
        if (photoId === undefined) throw new Error(`${target} is not a photo of the library`);
        const similar = await scenes.similar(
          photoId as PhotoId,
          options.limit ? positive(options.limit, '--limit') : 20,
        );
        out(
          similar,
          () => similar.map((s) => `${s.distance.toFixed(3)}  ${s.photo.path}`).join('\n') || 'nothing near',
        );
        return 0;
      }
      case 'recluster': {
        const renderer = createProgressRenderer(process.stderr);
        const off = core.events.on('job.progress', (p) => renderer.update(p));
        try {
          const job = await core.waitForJob((await scenes.cluster()).jobId);
          renderer.finish();
          const list = await scenes.list({ top: 10_000 });
          out(job, () => `scene clustering ${job.state}: ${job.done} photos, ${list.length} scenes`);
          return job.state === 'done' ? 0 : 1;
        } finally {
          off();
        }
      }
      default:
        throw new Error(`unknown scenes action "${action}"\n${SCENES_HELP}`);
    }
  } finally {
    await core.close();
  }
}
