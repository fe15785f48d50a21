import { describe, expect, it } from 'vitest';
import {
  collisionKey,
  pathInside,
  MAX_NAME_BYTES,
  safeName,
  splitExtension,
  truncateUtf8,
  withCollisionSuffix,
} from './safeName.js';

const folder = (raw: string) => safeName(raw, 'Unnamed', false);
const file = (raw: string) => safeName(raw, 'photo-1', true);

function expectMapped(sanitize: (raw: string) => string, pairs: readonly (readonly [string, string])[]): void {
  for (const [raw, expected] of pairs) expect(sanitize(raw), JSON.stringify(raw)).toBe(expected);
}

/** What every produced name must satisfy, whatever went in. */
function expectSafe(name: string): void {
  expect(name).not.toMatch(/[/\\<>:"|?*]/u);
  expect(name).not.toMatch(/^\.|[. ]$/u);
  expect([...name].every((c) => (c.codePointAt(0) ?? 0) >= 0x20 && !(c >= '\u007f' && c <= '\u009f'))).toBe(true);
  expect(Buffer.byteLength(name)).toBeGreaterThan(0);
  expect(Buffer.byteLength(name)).toBeLessThanOrEqual(MAX_NAME_BYTES);
  expect(name.split('.')[0]!.trimEnd().toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM\d|LPT\d)$/u);
}

describe('safeName', () => {
  it('keeps ordinary names as they are', () => {
    expect(folder('Anne-Marie Dupont')).toBe('Anne-Marie Dupont');
    expect(folder('Person 12')).toBe('Person 12');
    expect(file('IMG_0001.JPG')).toBe('IMG_0001.JPG');
    expect(folder('Zoë 🎉')).toBe('Zoë 🎉');
  });

  it('turns traversal into one harmless segment', () => {
    for (const raw of ['..', '.', '../x', '../../etc/passwd', 'a/b', 'a\\b', '/abs/path', 'C:\\Windows', '..\\..\\x']) {
      const name = folder(raw);
      expectSafe(name);
      expect(name).not.toBe('..');
      expect(name).not.toContain('/');
    }
    expectMapped(folder, [
      ['..', 'Unnamed'],
      ['../x', '_x'],
      ['a/b', 'a_b'],
      ['a\\b', 'a_b'],
      ['/abs/path', '_abs_path'],
    ]);
  });

  it('defuses Windows device names in any case, also with an extension', () => {
    expectMapped(folder, [
      ['CON', '_CON'],
      ['con', '_con'],
      ['Aux', '_Aux'],
      ['COM1', '_COM1'],
      ['lpt9', '_lpt9'],
      ['CONSOLE', 'CONSOLE'],
      ['COM10', 'COM10'],
    ]);
    expectMapped(file, [
      ['con.txt', '_con.txt'],
      ['NUL.tar.gz', '_NUL.tar.gz'],
      ['PRN .jpg', '_PRN .jpg'],
    ]);
  });

  it('replaces control and direction characters, drops trailing dots and spaces', () => {
    expectMapped(folder, [
      ['a\u0000b\nc\u007f', 'a_b_c_'],
      ['Name. . ', 'Name'],
      ['  padded  ', 'padded'],
      ['.hidden', 'hidden'],
    ]);
    expectMapped(file, [['photo\u202Egpj.exe', 'photo_gpj.exe']]);
  });

  it('falls back when nothing usable is left', () => {
    for (const raw of ['', '   ', '...', '///', '\u0000\u0001', '. .']) expect(folder(raw)).toBe('Unnamed');
    expect(file('')).toBe('photo-1');
  });

  it('caps names at 255 UTF-8 bytes without splitting characters, keeping a file extension', () => {
    const long = 'é'.repeat(300);
    const name = folder(long);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(name).toBe('é'.repeat(127));
    const photo = file(`${'👨‍👩‍👧'.repeat(40)}.jpeg`);
    expectSafe(photo);
    expect(photo.endsWith('.jpeg')).toBe(true);
    expect(photo.replace('.jpeg', '').replaceAll('👨‍👩‍👧', '')).toBe('');
  });

  it('every produced name is safe, for a spread of hostile inputs', () => {
    const hostile = ['..', 'CON.txt', 'a/../b', '\u0085x', ' . ', 'x'.repeat(400), 'lpt1 ', `${'ß'.repeat(200)}. `];
    for (const raw of hostile) {
      expectSafe(folder(raw));
      expectSafe(file(raw));
    }
  });
});

describe('withCollisionSuffix', () => {
  it('numbers before the extension for files and at the end for folders', () => {
    expect(withCollisionSuffix('IMG_1.jpg', 1, true)).toBe('IMG_1.jpg');
    expect(withCollisionSuffix('IMG_1.jpg', 2, true)).toBe('IMG_1 (2).jpg');
    expect(withCollisionSuffix('Anne', 3, false)).toBe('Anne (3)');
    expect(withCollisionSuffix('v1.2 final', 2, false)).toBe('v1.2 final (2)');
  });

  it('stays within 255 bytes by shortening the stem', () => {
    const name = file(`${'a'.repeat(300)}.jpg`);
    const numbered = withCollisionSuffix(name, 12, true);
    expect(Buffer.byteLength(numbered)).toBe(255);
    expect(numbered.endsWith(' (12).jpg')).toBe(true);
  });
});

describe('helpers', () => {
  it('splitExtension only takes extension-like endings', () => {
    expect(splitExtension('a.jpg')).toEqual({ stem: 'a', ext: '.jpg' });
    expect(splitExtension('.jpg')).toEqual({ stem: '.jpg', ext: '' });
    expect(splitExtension('Dr. Who')).toEqual({ stem: 'Dr. Who', ext: '' });
    expect(splitExtension('noext')).toEqual({ stem: 'noext', ext: '' });
  });

  it('truncateUtf8 cuts on grapheme boundaries', () => {
    expect(truncateUtf8('aé', 2)).toBe('a');
    expect(truncateUtf8('abc', 3)).toBe('abc');
  });

  it('collisionKey ignores case and Unicode normalization', () => {
    expect(collisionKey('Zoe\u0301')).toBe(collisionKey('ZOÉ'));
  });
});

describe('pathInside', () => {
  it('accepts a child and refuses anything that resolves outside the root or to the root itself', () => {
    expect(pathInside('/dest', '/dest', 'Alice')).toBe('/dest/Alice');
    expect(pathInside('/dest', '/dest/Alice', 'a.jpg')).toBe('/dest/Alice/a.jpg');
    for (const name of ['..', '../x', '../../etc/passwd', '/etc', '.', '', 'Alice/../..', '../dest2'])
      expect(() => pathInside('/dest', '/dest', name), name).toThrow(/would leave the destination/);
    expect(() => pathInside('/dest', '/dest/Alice', '../../x')).toThrow(/would leave/);
  });
});
