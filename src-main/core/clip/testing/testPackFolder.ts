/*
 * Test-only: writes a pack folder with a valid `facets-clip-pack.json` over whatever bytes a test gives, so the
 * installer and downloader can be tested without real encoders (tinyClipPack.ts adds working ones).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACK_FORMAT, PACK_MANIFEST_FILE, type FileRole } from '../packManifest.js';

export type TestPackFile = Readonly<{ path: string; role: FileRole; bytes: Uint8Array }>;

export type TestPackSpec = Readonly<{
  id?: string;
  version?: string;
  embeddingDim?: number;
  files?: readonly TestPackFile[];
  /** Per file name, the url the manifest pins (for download tests). */
  urls?: Readonly<Record<string, string>>;
  /** Extra manifest keys (encoder names, …). */
  manifest?: Readonly<Record<string, unknown>>;
}>;

const bytes = (text: string) => new TextEncoder().encode(text);

/** Placeholder files for every role a pack needs; `size` makes the two encoder files that many bytes. */
export function placeholderFiles(size = 1000, seed = 1): TestPackFile[] {
  const noise = (n: number, s: number) =>
    Uint8Array.from({ length: n }, (_, i) => (i * 31 + s * 17 + ((i * i) >> 3)) & 0xff);
  return [
    { path: 'image_encoder.onnx', role: 'image-encoder', bytes: noise(size, seed) },
    { path: 'text_encoder.onnx', role: 'text-encoder', bytes: noise(size, seed + 1) },
    { path: 'tokenizer.json', role: 'tokenizer-json', bytes: bytes('{"placeholder": true}') },
    { path: 'preprocessor_config.json', role: 'preprocessor-config', bytes: bytes('{"crop_size": 224}') },
    { path: 'LICENSE', role: 'licence', bytes: bytes('Test licence: not a real model.\n') },
  ];
}

export const sha256Hex = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The manifest object for `spec` (written by writeTestPack; download tests pass it as the pin). */
export function testManifest(spec: TestPackSpec = {}): Record<string, unknown> {
  const files = spec.files ?? placeholderFiles();
  return {
    format: PACK_FORMAT,
    id: spec.id ?? 'test-pack',
    name: 'Test pack (not a CLIP model)',
    version: spec.version ?? '1',
    embeddingDim: spec.embeddingDim ?? 8,
    licence: { spdx: 'MIT', notice: 'Test fixture.' },
    ...spec.manifest,
    files: files.map((f) => ({
      path: f.path,
      role: f.role,
      sha256: sha256Hex(f.bytes),
      size: f.bytes.length,
      ...(spec.urls?.[f.path] ? { url: spec.urls[f.path] } : {}),
    })),
  };
}

/** Writes the files and their manifest into `dir`; returns the manifest object. */
export function writeTestPack(dir: string, spec: TestPackSpec = {}): Record<string, unknown> {
  mkdirSync(dir, { recursive: true });
  const files = spec.files ?? placeholderFiles();
  for (const f of files) writeFileSync(join(dir, f.path), f.bytes);
  const manifest = testManifest({ ...spec, files });
  writeFileSync(join(dir, PACK_MANIFEST_FILE), JSON.stringify(manifest, null, 2));
  return manifest;
}
