import type { RootId } from '../../src-shared/types/ids.js';
import type { JobProgress } from '../../src-shared/types/job.js';
import { openCore, type GlobalOptions } from './openCore.js';
import { createProgressRenderer } from './progressBar.js';
import { printStatus } from './statusCommand.js';

/**
 * `facets scan [folder…]`: adds the folders (if new) and scans them, or every folder when none is given. Ctrl-C pauses
 * the scan; the next `facets scan` resumes it.
 */
export async function scanCommand(
  folders: readonly string[],
  options: GlobalOptions & { json?: boolean },
): Promise<number> {
  const core = await openCore(options);
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
  try {
    const rootIds: RootId[] = [];
    for (const folder of folders) rootIds.push((await core.handlers.library.addRoot(folder)).id);
    const unsubscribe = core.events.on('job.progress', (p) => renderer.update(p));
    const started: JobProgress = await core.handlers.library.startScan(rootIds.length > 0 ? rootIds : undefined);
    const final = await core.waitForJob(started.jobId);
    unsubscribe();
    renderer.finish();
    if (final.state === 'interrupted') {
      process.stderr.write(`scan paused after ${final.done} of ${final.total} files; run \`facets scan\` to resume\n`);
      return 130;
    }
    if (final.state === 'failed') {
      process.stderr.write(`scan failed: ${final.error ?? 'unknown error'}\n`);
      return 1;
    }
    await printStatus(core, { json: options.json ?? false, all: false, jobId: final.jobId });
    return 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) await core.close();
  }
}
