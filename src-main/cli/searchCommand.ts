import type { MatchReason } from '../../src-shared/types/search.js';
import { openCore, type GlobalOptions } from './openCore.js';

function why(reason: MatchReason): string {
  switch (reason.kind) {
    case 'tag':
      return `${reason.label} ${reason.confidence.toFixed(2)}${reason.via === 'exact' ? '' : ` (${reason.query}, ${reason.via})`}`;
    case 'text':
      return `${reason.field} "${reason.term}"${reason.via === 'exact' ? '' : ` (${reason.query}, ${reason.via})`}`;
    case 'clip':
      return `CLIP ${reason.score.toFixed(3)}`;
  }
}

/** `facets search "dog on a couch" [--limit N]`: ranked photos, each with why it matched, and which engine answered. */
export async function searchCommand(
  words: readonly string[],
  options: GlobalOptions & Readonly<{ limit?: string | undefined; json?: boolean | undefined }>,
): Promise<number> {
  const text = words.join(' ').trim();
  if (!text) throw new Error('facets search <words…> [--limit N]');
  const core = await openCore(options, { create: false });
  try {
    const result = await core.handlers.search.text({ text, limit: options.limit ? Number(options.limit) : 20 });
    if (options.json) {
      process.stdout.write(`${JSON.stringify(result)}\n`);
      return 0;
    }
    const understood = result.concepts.map((c) => `${c.text} → ${[...c.tags, ...c.words].slice(0, 6).join(', ')}`);
    process.stdout.write(`"${result.query}" (${result.engine}): ${understood.join('; ') || 'no known words'}\n`);
    process.stdout.write(`${result.total} photo${result.total === 1 ? '' : 's'}\n`);
    for (const hit of result.items) {
      process.stdout.write(`  ${hit.score.toFixed(3)}  ${hit.photo.path}  [${hit.reasons.map(why).join('; ')}]\n`);
    }
    return 0;
  } finally {
    await core.close();
  }
}
