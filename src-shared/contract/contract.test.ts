import { describe, expect, it } from 'vitest';
import { API_METHODS, ARG_SCHEMAS, isApiMethod } from './methods.js';
import { mediaUrl, parseMediaPath } from '../util/media.js';
import type { PhotoId } from '../types/ids.js';

describe('contract', () => {
  it('has an argument schema for exactly the listed methods', () => {
    expect(Object.keys(ARG_SCHEMAS).sort()).toEqual([...API_METHODS].sort());
    expect(isApiMethod('library.status')).toBe(true);
    expect(isApiMethod('constructor')).toBe(false);
    expect(isApiMethod('library.__proto__')).toBe(false);
  });

  it('accepts well-formed arguments and rejects the rest', () => {
    expect(ARG_SCHEMAS['library.status'].safeParse([]).success).toBe(true);
    expect(ARG_SCHEMAS['library.status'].safeParse([1]).success).toBe(false);
    expect(ARG_SCHEMAS['library.addRoot'].safeParse(['/photos']).success).toBe(true);
    expect(ARG_SCHEMAS['library.addRoot'].safeParse(['']).success).toBe(false);
    expect(ARG_SCHEMAS['library.startScan'].safeParse([]).success).toBe(true);
    expect(ARG_SCHEMAS['library.startScan'].safeParse([[1, 2]]).success).toBe(true);
    expect(ARG_SCHEMAS['library.startScan'].safeParse([[0]]).success).toBe(false);
    expect(ARG_SCHEMAS['photos.get'].safeParse([1.5]).success).toBe(false);
    expect(ARG_SCHEMAS['photos.list'].safeParse([{ limit: 50, status: ['ok'], sort: 'path' }]).success).toBe(true);
    expect(ARG_SCHEMAS['photos.list'].safeParse([{ limit: 5000 }]).success).toBe(false);
    expect(ARG_SCHEMAS['photos.list'].safeParse([{ status: ['deleted'] }]).success).toBe(false);
    expect(ARG_SCHEMAS['photos.list'].safeParse([{ extra: true }]).success).toBe(false);
  });

  it('builds media URLs that parse back to an id, and nothing else', () => {
    const url = mediaUrl('http://127.0.0.1:9/media', 'thumb', 42 as PhotoId, 'token=abc');
    expect(url).toBe('http://127.0.0.1:9/media/thumb/42?token=abc');
    expect(parseMediaPath('thumb/42')).toEqual({ kind: 'thumb', id: 42 });
    expect(parseMediaPath('photo/42')).toEqual({ kind: 'photo', id: 42 });
    expect(parseMediaPath('face/7')).toEqual({ kind: 'face', id: 7 });
    for (const bad of [
      'thumb/0',
      'thumb/../1',
      'thumb/1/2',
      'thumb/-1',
      'orig/1',
      'thumb/01',
      'thumb/1e3',
      'photo/../../etc/passwd',
      'photo/abc',
      'photo/',
      'photo/1?x',
      'photos/1',
    ]) {
      expect(parseMediaPath(bad)).toBeNull();
    }
  });
});
