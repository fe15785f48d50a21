import type { RootId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';
import { printStatus } from './statusCommand.js';

/**
 * `facets scan [folder…]`: adds the folders (if new) and scans them, or every folder when none is given, then indexes
 * new photos (faces, objects, scene), places faces into people, clusters scenes, reads the text in photos (unless
 * --no-text) and embeds them with an installed CLIP pack; --no-faces stops after the scan. Ctrl-C pauses any job;
 * the next `facets scan` resumes it.
 */
export async function scanCommand(
  folders: readonly string[],
  options: GlobalOptions & { json?: boolean; faces?: boolean; text?: boolean },
): Promise<number> {
  const core = await openCore(options, { create: true });
  const renderer = createProgressRenderer(process.stderr);
  let interrupted = false;
  const onSignal = () => {
    if (interrupted) process.exit(130);
    interrupted = true;
    process.stderr.write('\npausing the scan (Ctrl-C again to quit at once)…\n');
    void core.close();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  /** Starts the next job and waits for it; a job that cannot start is reported, not fatal. */
  const follow = async (start: () => JobProgress | Promise<JobProgress>): Promise<JobProgress | null> => {
    const started = await Promise.resolve()
      .then(start)
      .catch((error: unknown) => {
        process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        return null;
      });
    return started && core.waitForJob(started.jobId);
  };
  try {
    const rootIds: RootId[] = [];
    for (const folder of folders) rootIds.push((await core.handlers.library.addRoot(folder)).id);
    const unsubscribe = core.events.on('job.progress', (p) => renderer.update(p));
    const started = await core.handlers.library.startScan(rootIds.length > 0 ? rootIds : undefined);
    const scan = await core.waitForJob(started.jobId);
    const index =
      scan.state === 'done' && options.faces !== false ? await follow(() => core.handlers.library.startIndex()) : null;
    const cluster = index?.state === 'done' ? await follow(() => core.handlers.people.cluster('incremental')) : null;
    const scenes = cluster?.state === 'done' ? await follow(() => core.handlers.scenes.cluster()) : null;
    const text =
      scenes?.state === 'done' && options.text !== false ? await follow(() => core.handlers.library.startText()) : null;
    const clip =
      text?.state === 'done' && (await core.handlers.clip.status()).active
        ? await follow(() => core.handlers.clip.embed())
        : null;
    unsubscribe();
    renderer.finish();
    const stopped = [scan, index, cluster, scenes, text, clip].find((job) => job && job.state !== 'done');
    if (stopped?.state === 'interrupted') {
      process.stderr.write(
        `${stopped.kind} paused after ${stopped.done} of ${stopped.total}; run \`facets scan\` to resume\n`,
      );
      return 130;
    }
    if (stopped?.state === 'failed') {
      process.stderr.write(`${stopped.kind} failed: ${stopped.error ?? 'unknown error'}\n`);
      return 1;
    }
    await printStatus(core, { json: options.json ?? false, all: false, jobId: scan.jobId });
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) await core.close();
  }
}
