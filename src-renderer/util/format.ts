import type { ImageFormat, PhotoStatus } from '../../src-shared/types/photo.js';

const integer = new Intl.NumberFormat('en-US');
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatCount(value: number): string {
  return integer.format(value);
}

/** A tab's count badge: nothing until the count is known. */
export function countBadge(value: number | undefined): string | undefined {
  return value === undefined ? undefined : formatCount(value);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}

export function formatRate(perSecond: number): string {
  return `${perSecond >= 10 ? integer.format(Math.round(perSecond)) : oneDecimal.format(perSecond)} files/s`;
}

/** Rounded the way people say it: "42 s", "3 min 5 s", "2 h 10 min". */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

export function formatRelativeTime(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never';
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return 'unknown';
  const minutes = Math.round((now - then) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return new Date(then).toLocaleDateString('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
}

/** The folder part of a path, for either separator. */
export function parentFolder(path: string): string {
  const cut = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return cut > 0 ? path.slice(0, cut) : path;
}

export const STATUS_LABELS: Readonly<Record<PhotoStatus, string>> = {
  ok: 'Indexed',
  damaged: 'Damaged',
  unsupported: 'Unsupported',
  error: 'Unreadable',
};

export function formatLabel(format: ImageFormat | 'unknown'): string {
  return format === 'unknown' ? 'Unknown' : format.toUpperCase();
}
