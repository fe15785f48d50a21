import type { ClipStatus } from '../../src-shared/types/clip.js';
import type { Core } from '../core/createCore.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';

export const CLIP_HELP = `  facets clip [status]        CLIP model packs for semantic search: installed, active, photos embedded
  facets clip install --folder <dir> | --manifest <pinned.json>
                              install a pack (checked by sha-256; a download resumes), activate it, embed photos
  facets clip activate <id>|off    choose the pack search blends in (off: offline search only)
  facets clip remove <id>     uninstall a pack
  facets clip embed           embed the photos the active pack has not embedded yet`;

function printStatus(status: ClipStatus): void {
  if (status.installed.length === 0) {
    process.stdout.write('no CLIP pack installed: text search runs offline (tags, text in photos, names, dates)\n');
    return;
  }
  for (const pack of status.installed) {
    const mark = pack.active ? '*' : ' ';
    process.stdout.write(
      `${mark} ${pack.id}  ${pack.name} ${pack.version}  ${pack.embeddingDim}-d  ${pack.licence.spdx}\n`,
    );
  }
  process.stdout.write(`photos embedded: ${status.photosEmbedded} of ${status.photos}\n`);
}

async function follow(core: Core, jobId: number): Promise<number> {
  const renderer = createProgressRenderer(process.stderr);
  const unsubscribe = core.events.on('job.progress', (p) => renderer.update(p));
  try {
    let job = await core.waitForJob(jobId);
    // An install chains the embedding job; follow it too.
    while (job.state === 'done') {
      const next = (await core.handlers.jobs.list(true))[0];
      if (!next) break;
      job = await core.waitForJob(next.jobId);
    }
    if (job.state !== 'done') {
      process.stderr.write(`${job.kind} ${job.state}${job.error ? `: ${job.error}` : ''}\n`);
      return 1;
    }
    return 0;
  } finally {
    unsubscribe();
    renderer.finish();
  }
}

/** `facets clip …`: install, choose and remove CLIP packs; embed photos with the active one. */
export async function clipCommand(
  args: readonly string[],
  options: GlobalOptions &
    Readonly<{ folder?: string | undefined; manifest?: string | undefined; json?: boolean | undefined }>,
): Promise<number> {
  const [action = 'status', id] = args;
  const core = await openCore(options, { create: true });
  try {
    const print = (status: ClipStatus) =>
      options.json ? process.stdout.write(`${JSON.stringify(status)}\n`) : printStatus(status);
    switch (action) {
      case 'status':
        print(await core.handlers.clip.status());
        return 0;
      case 'install': {
        const source = options.folder
          ? { folder: options.folder }
          : options.manifest
            ? { manifest: options.manifest }
            : null;
        if (!source) throw new Error('facets clip install --folder <dir> | --manifest <pinned.json>');
        const code = await follow(core, (await core.handlers.clip.install(source)).jobId);
        print(await core.handlers.clip.status());
        return code;
      }
      case 'activate':
        if (!id) throw new Error('facets clip activate <id>|off');
        print(await core.handlers.clip.activate(id === 'off' ? null : id));
        return 0;
      case 'remove':
        if (!id) throw new Error('facets clip remove <id>');
        print(await core.handlers.clip.remove(id));
        return 0;
      case 'embed': {
        const code = await follow(core, (await core.handlers.clip.embed()).jobId);
        print(await core.handlers.clip.status());
        return code;
      }
      default:
        throw new Error(`unknown clip action "${action}"\n${CLIP_HELP}`);
    }
  } finally {
    await core.close();
  }
}
