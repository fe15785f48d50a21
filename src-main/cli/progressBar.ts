import type { JobProgress } from '../../src-shared/types/job.js';

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)}s`;
  const m = Math.floor(seconds / 60);
  if (m < 60) return `${m}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** Keeps the end of a long path, where the file name is, within `width` characters. */
export function ellipsizeStart(text: string, width: number): string {
  if (width <= 1) return '';
  return text.length <= width ? text : `…${text.slice(text.length - width + 1)}`;
}

/** What a progress line shows: a job's progress, or anything else with the same figures (an export). */
export type ProgressLine = Pick<
  JobProgress,
  'phase' | 'state' | 'done' | 'total' | 'ratePerSecond' | 'etaSeconds' | 'problems' | 'currentFile'
>;

/** One terminal line for a job's progress, at most `columns` wide. */
export function formatProgressLine(p: ProgressLine, columns: number): string {
  const total = Math.max(p.total, p.done);
  const fraction = total > 0 ? p.done / total : 0;
  const barWidth = Math.max(10, Math.min(30, columns - 70));
  const filled = p.phase === 'discovering' ? 0 : Math.round(fraction * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const counts = p.phase === 'discovering' ? `${p.total} found` : `${p.done}/${total}`;
  const rate = p.ratePerSecond > 0 ? ` ${p.ratePerSecond.toFixed(1)}/s` : '';
  const eta = p.etaSeconds !== null && p.phase === 'processing' ? ` ETA ${formatDuration(p.etaSeconds)}` : '';
  const problems = p.problems > 0 ? ` ${p.problems} problems` : '';
  const head = `${p.phase ?? p.state} ${bar} ${counts}${rate}${eta}${problems}`;
  const room = columns - head.length - 1;
  return room > 8 && p.currentFile ? `${head} ${ellipsizeStart(p.currentFile, room)}` : head.slice(0, columns);
}

export type ProgressRenderer = Readonly<{ update(p: ProgressLine): void; finish(): void }>;

/**
 * Redraws one line in place on a terminal; elsewhere (CI logs, pipes) prints a plain line every few seconds so logs
 * stay readable.
 */
export function createProgressRenderer(stream: NodeJS.WriteStream, intervalMs = 5000): ProgressRenderer {
  let lastPlain = 0;
  let drawn = false;
  return {
    update(p) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${formatProgressLine(p, stream.columns || 100)}`);
        drawn = true;
      } else if (Date.now() - lastPlain >= intervalMs) {
        lastPlain = Date.now();
        stream.write(`${formatProgressLine(p, 160)}\n`);
      }
    },
    finish() {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}
