import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadVerifiedExtra, readManifest, sha256 } from './modelManifest.js';

describe('loadVerifiedExtra', () => {
  const dir = mkdtempSync(join(tmpdir(), 'facets-test-manifest-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const dictionary = Buffer.from('a\nb\nc');
  const entry = {
    id: 'reader',
    task: 'test',
    file: 'reader.onnx',
    builder: 'none',
    source: { package: 'p', version: '1.0.0', files: [{ path: 'keys.txt', sha256: sha256(dictionary) }] },
    sha256: null,
    input: { name: 'x', shape: [1, 3, 48, 'width'], layout: 'NCHW', normalization: 'none' },
    outputs: { y: 'classes' },
    extras: [
      { file: 'reader.dict.txt', from: 'keys.txt', sha256: sha256(dictionary), content: 'one character a line' },
    ],
    licence: { spdx: 'MIT', holder: 'nobody', notice: 'a notice long enough for the manifest' },
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ models: [entry] }));
  const parsed = readManifest(dir).models[0]!;

  it('returns the file when it hashes as the manifest pins it', () => {
    writeFileSync(join(dir, 'reader.dict.txt'), dictionary);
    expect(Buffer.from(loadVerifiedExtra(dir, parsed, 'reader.dict.txt')).toString()).toBe('a\nb\nc');
  });

  it('refuses a changed, a missing or an unlisted file, saying how to rebuild', () => {
    writeFileSync(join(dir, 'reader.dict.txt'), 'a\nb\nX');
    expect(() => loadVerifiedExtra(dir, parsed, 'reader.dict.txt')).toThrow(/sha-256 .* pins .*npm run models/);
    rmSync(join(dir, 'reader.dict.txt'));
    expect(() => loadVerifiedExtra(dir, parsed, 'reader.dict.txt')).toThrow(/is missing/);
    expect(() => loadVerifiedExtra(dir, parsed, 'other.txt')).toThrow(/no extra file other\.txt/);
  });
});
