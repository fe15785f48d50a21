import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PACK_MANIFEST_FILE, parsePackManifest } from './packManifest.js';
import { activePack, installPackFromFolder, listInstalledPacks, removePack, setActivePack } from './packStore.js';
import { placeholderFiles, testManifest, writeTestPack } from './testing/testPackFolder.js';

let root: string;
let packsDir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'facets-clip-store-'));
  packsDir = join(root, 'packs');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const installedBytes = (id: string, file: string) => readFileSync(join(packsDir, id, file));

describe('pack manifest', () => {
  it('accepts a complete manifest and fills the encoder signature defaults', () => {
    const m = parsePackManifest(testManifest(), 'test');
    expect(m.imageEncoder).toEqual({ input: 'pixel_values', output: 'image_embeds' });
    expect(m.textEncoder).toMatchObject({
      input: 'input_ids',
      attentionMask: 'attention_mask',
      output: 'text_embeds',
      contextLength: 77,
    });
  });

  it.each([
    ['a missing text encoder', { files: placeholderFiles().filter((f) => f.role !== 'text-encoder') }, /text-encoder/],
    ['no tokenizer', { files: placeholderFiles().filter((f) => f.role !== 'tokenizer-json') }, /tokenizer/],
    [
      'a path leaving the folder',
      { files: [...placeholderFiles(), { path: '../evil', role: 'other' as const, bytes: new Uint8Array(1) }] },
      /file name/,
    ],
    ['a bad id', { id: 'Not Valid' }, /id/],
  ])('refuses %s with a message naming it', (_what, spec, message) => {
    expect(() => parsePackManifest(testManifest(spec), 'test')).toThrow(message);
  });
});

describe('installPackFromFolder', () => {
  it('copies a verified pack, lists it and makes it active', async () => {
    const src = join(root, 'src');
    writeTestPack(src);
    const pack = await installPackFromFolder(src, packsDir);
    expect(pack.id).toBe('test-pack');
    expect(installedBytes('test-pack', 'image_encoder.onnx')).toEqual(readFileSync(join(src, 'image_encoder.onnx')));
    expect(existsSync(join(packsDir, 'test-pack', PACK_MANIFEST_FILE))).toBe(true);
    expect(listInstalledPacks(packsDir).map((p) => p.id)).toEqual(['test-pack']);
    expect(activePack(packsDir)?.id).toBe('test-pack');
    // Nothing left over from staging.
    expect(readdirSync(packsDir).sort()).toEqual(['active.json', 'test-pack']);
  });

  it('refuses a file that does not match its checksum and keeps the installed pack intact', async () => {
    const good = join(root, 'good');
    writeTestPack(good, { version: '1', files: placeholderFiles(1000, 1) });
    await installPackFromFolder(good, packsDir);
    const before = installedBytes('test-pack', 'text_encoder.onnx');

    const bad = join(root, 'bad');
    writeTestPack(bad, { version: '2', files: placeholderFiles(1000, 5) });
    const corrupted = readFileSync(join(bad, 'text_encoder.onnx'));
    corrupted[500]! ^= 0xff;
    writeFileSync(join(bad, 'text_encoder.onnx'), corrupted);

    await expect(installPackFromFolder(bad, packsDir)).rejects.toThrow(
      /text_encoder\.onnx has sha-256 [0-9a-f]{64}, the manifest pins/,
    );
    expect(installedBytes('test-pack', 'text_encoder.onnx')).toEqual(before);
    expect(listInstalledPacks(packsDir)[0]?.manifest.version).toBe('1');
    expect(readdirSync(packsDir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a missing file and a folder without a manifest', async () => {
    const src = join(root, 'src');
    writeTestPack(src);
    rmSync(join(src, 'LICENSE'));
    await expect(installPackFromFolder(src, packsDir)).rejects.toThrow(/LICENSE is missing/);
    mkdirSync(join(root, 'empty'));
    await expect(installPackFromFolder(join(root, 'empty'), packsDir)).rejects.toThrow(/no facets-clip-pack\.json/);
    expect(listInstalledPacks(packsDir)).toEqual([]);
  });

  it('replaces an installed version with a new good one', async () => {
    writeTestPack(join(root, 'v1'), { version: '1', files: placeholderFiles(800, 1) });
    writeTestPack(join(root, 'v2'), { version: '2', files: placeholderFiles(900, 2) });
    await installPackFromFolder(join(root, 'v1'), packsDir);
    await installPackFromFolder(join(root, 'v2'), packsDir);
    expect(listInstalledPacks(packsDir).map((p) => `${p.id}@${p.manifest.version}`)).toEqual(['test-pack@2']);
    expect(installedBytes('test-pack', 'image_encoder.onnx')).toHaveLength(900);
  });

  it('repairs a swap interrupted between its two renames', async () => {
    writeTestPack(join(root, 'v1'));
    await installPackFromFolder(join(root, 'v1'), packsDir);
    renameSync(join(packsDir, 'test-pack'), join(packsDir, '.replaced-test-pack-0123abcd'));
    expect(listInstalledPacks(packsDir).map((p) => p.id)).toEqual(['test-pack']);
    expect(existsSync(join(packsDir, '.replaced-test-pack-0123abcd'))).toBe(false);
  });
});

describe('active pack', () => {
  it('is null until chosen, can be switched and unset, and refuses an unknown id', async () => {
    writeTestPack(join(root, 'a'), { id: 'pack-a' });
    writeTestPack(join(root, 'b'), { id: 'pack-b' });
    expect(activePack(packsDir)).toBeNull();
    await installPackFromFolder(join(root, 'a'), packsDir, { activate: false });
    expect(activePack(packsDir)).toBeNull();
    await installPackFromFolder(join(root, 'b'), packsDir);
    expect(activePack(packsDir)?.id).toBe('pack-b');
    await setActivePack(packsDir, 'pack-a');
    expect(activePack(packsDir)?.id).toBe('pack-a');
    await expect(setActivePack(packsDir, 'pack-z')).rejects.toThrow(/no CLIP pack pack-z/);
    await removePack(packsDir, 'pack-a');
    expect(activePack(packsDir)).toBeNull();
    expect(listInstalledPacks(packsDir).map((p) => p.id)).toEqual(['pack-b']);
  });
});
