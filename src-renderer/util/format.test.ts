import { describe, expect, it } from 'vitest';
import { formatDuration, formatRate, formatRelativeTime, parentFolder, plural } from './format.js';

describe('format', () => {
  it('says durations the way people do', () => {
    expect(formatDuration(0.4)).toBe('0 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(185)).toBe('3 min 5 s');
    expect(formatDuration(180)).toBe('3 min');
    expect(formatDuration(7_800)).toBe('2 h 10 min');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('keeps one decimal only for slow rates', () => {
    expect(formatRate(2.345)).toBe('2.3 files/s');
    expect(formatRate(123.6)).toBe('124 files/s');
  });

  it('pluralises with grouped numbers', () => {
    expect(plural(1, 'photo')).toBe('1 photo');
    expect(plural(12_345, 'photo')).toBe('12,345 photos');
  });

  it('describes how long ago something happened', () => {
    const now = Date.parse('2025-03-01T12:00:00Z');
    expect(formatRelativeTime(null, now)).toBe('never');
    expect(formatRelativeTime('2025-03-01T11:59:40Z', now)).toBe('just now');
    expect(formatRelativeTime('2025-03-01T11:15:00Z', now)).toBe('45 min ago');
    expect(formatRelativeTime('2025-03-01T07:00:00Z', now)).toBe('5 h ago');
    expect(formatRelativeTime('2025-01-15T07:00:00Z', now)).toBe('Jan 15, 2025');
  });

  it('finds the parent folder on either platform', () => {
    expect(parentFolder('/home/a/pics/x.jpg')).toBe('/home/a/pics');
    expect(parentFolder('C:\\Users\\a\\x.jpg')).toBe('C:\\Users\\a');
  });
});
