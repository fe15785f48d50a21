import type { Core } from '../core/createCore.js';
import type { JobId } from '../../src-shared/types/ids.js';
import type { PhotoSummary } from '../../src-shared/types/photo.js';
import { openCore, type GlobalOptions } from './openCore.js';

const PROBLEM_STATUSES = ['error', 'unsupported', 'damaged'] as const;
const PAGE = 1000;

async function allProblems(core: Core, limit: number): Promise<{ items: PhotoSummary[]; total: number }> {
  const items: PhotoSummary[] = [];
  let total = 0;
  for (let offset = 0; items.length < limit; offset += PAGE) {
    const page = await core.handlers.photos.list({
      status: [...PROBLEM_STATUSES],
      sort: 'path',
      offset,
      limit: Math.min(PAGE, limit - items.length),
    });
    total = page.total;
    items.push(...page.items);
    if (page.items.length === 0 || offset + PAGE >= page.total) break;
  }
  return { items, total };
}

const number = (n: number) => n.toLocaleString('en-US');

export async function printStatus(core: Core, options: { json: boolean; all: boolean; jobId?: JobId }): Promise<void> {
  const status = await core.handlers.library.status();
  const problems = await allProblems(core, options.all || options.json ? Number.MAX_SAFE_INTEGER : 50);
  const job = options.jobId ? await core.handlers.jobs.get(options.jobId) : null;
  const issues = options.jobId ? await core.handlers.jobs.issues(options.jobId) : [];
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ ...status, problems: problems.items, job, issues }, null, 2)}\n`);
    return;
  }
  const out: string[] = [];
  out.push(`Library  ${status.libraryDir}`);
  out.push(status.roots.length ? 'Folders' : 'Folders  none yet: `facets scan <folder>` adds one');
  for (const root of status.roots) {
    const state = root.available ? '' : '  (unavailable)';
    out.push(`  ${root.path}  ${number(root.photoCount)} photos  last scan ${root.lastScanAt ?? 'never'}${state}`);
  }
  const { counts } = status;
  const byStatus = Object.entries(counts.byStatus)
    .map(([s, n]) => `${s} ${number(n)}`)
    .join(' · ');
  out.push(`Photos   ${number(counts.total)}  (${byStatus})`);
  const byFormat = Object.entries(counts.byFormat).sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0));
  out.push(`Faces    ${number(counts.faces)} in ${number(counts.photosAnalyzed)} analysed photos`);
  out.push(`Formats  ${byFormat.map(([f, n]) => `${f} ${number(n ?? 0)}`).join(' · ') || '—'}`);
  for (const active of status.activeJobs) {
    out.push(`Job      ${active.kind} #${active.jobId} ${active.state}: ${active.done}/${active.total}`);
  }
  if (problems.total > 0) {
    out.push(`Problems ${number(problems.total)}`);
    for (const p of problems.items)
      out.push(`  ${p.status.padEnd(11)} ${p.path}\n              ${p.problem?.message ?? ''}`);
    if (problems.items.length < problems.total)
      out.push(`  … ${problems.total - problems.items.length} more: \`facets status --all\``);
  }
  if (job)
    out.push(
      `Scan     #${job.jobId} ${job.state}: ${number(job.done)} files checked, ${number(job.problems)} with problems`,
    );
  for (const issue of issues.slice(0, options.all ? issues.length : 20))
    out.push(`  ${issue.code.padEnd(17)} ${issue.path}: ${issue.message}`);
  if (!options.all && issues.length > 20) out.push(`  … ${issues.length - 20} more`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export async function statusCommand(options: GlobalOptions & { json?: boolean; all?: boolean }): Promise<number> {
  const core = await openCore(options, { create: false });
  try {
    await printStatus(core, { json: options.json ?? false, all: options.all ?? false });
    return 0;
  } finally {
    await core.close();
  }
}
