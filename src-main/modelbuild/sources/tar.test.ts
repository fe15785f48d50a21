import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTarFiles } from './tar.js';

/* Archives written by the system's tar in each format npm and others produce, read back by the reader. */

function archive(format: 'ustar' | 'pax' | 'gnu'): { bytes: Uint8Array; files: Map<string, Buffer> } {
  const dir = mkdtempSync(join(tmpdir(), 'facets-tar-'));
  const deep = `package/${'long-folder-name/'.repeat(8)}models`;
  const files = new Map<string, Buffer>([
    ['package/package.json', Buffer.from('{"name":"x"}')],
    ['package/models/empty.bin', Buffer.alloc(0)],
    // Exactly one block, and one byte over: the padding arithmetic's edge cases.
    ['package/models/block.bin', Buffer.alloc(512, 7)],
    ['package/models/odd.bin', Buffer.from(Array.from({ length: 1025 }, (_, i) => i % 251))],
    [`${deep}/deep.json`, Buffer.from('{"deep":true}')],
  ]);
  for (const [path, data] of files) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), data);
  }
  const out = join(dir, 'a.tar');
  execFileSync('tar', [`--format=${format}`, '-cf', out, '-C', dir, 'package']);
  return { bytes: readFileSync(out), files };
}

describe('readTarFiles', () => {
  it.each(['ustar', 'pax', 'gnu'] as const)(
    'reads every regular file of a %s archive, long paths included',
    (format) => {
      const { bytes, files } = archive(format);
      const read = readTarFiles(bytes, () => true);
      expect([...read.keys()].sort()).toEqual([...files.keys()].sort());
      for (const [path, data] of files) expect(Buffer.from(read.get(path)!).equals(data), path).toBe(true);
    },
  );

  it('returns only the files asked for', () => {
    const { bytes } = archive('pax');
    const read = readTarFiles(bytes, (path) => path.endsWith('.json'));
    expect([...read.keys()].map((p) => p.split('/').at(-1)).sort()).toEqual(['deep.json', 'package.json']);
  });

  it('refuses a damaged header and a truncated archive', () => {
    const { bytes } = archive('ustar');
    const damaged = Uint8Array.from(bytes);
    damaged[5] = damaged[5]! ^ 0xff;
    expect(() => readTarFiles(damaged, () => true)).toThrow('tar: damaged header at byte 0');
    const cut = bytes.subarray(0, 512 + 100);
    expect(() => readTarFiles(cut, () => true)).toThrow(/runs past the end|ends without/);
    expect(() => readTarFiles(bytes.subarray(0, 0), () => true)).toThrow('ends without');
  });
});
