/*
 * The CLIP model pack manifest, `facets-clip-pack.json`: what a pack folder holds, each file pinned by sha-256 and
 * given a role. The format is described in README.md beside this file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../errors.js';

export const PACK_MANIFEST_FILE = 'facets-clip-pack.json';
export const PACK_FORMAT = 1;

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha-256');
/** A plain file name inside the pack folder: no folders, no `..`, nothing hidden. */
const FileName = z
  .string()
  .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/, 'a plain file name (letters, digits, _ . -)')
  .refine((n) => n !== PACK_MANIFEST_FILE, `the manifest does not list itself`);

export const FILE_ROLES = [
  'image-encoder',
  'text-encoder',
  /** A Hugging Face tokenizer.json (BPE with the `</w>` suffix). */
  'tokenizer-json',
  'tokenizer-vocab',
  'tokenizer-merges',
  'preprocessor-config',
  'licence',
  /** Anything else worth shipping (a model card, a readme); installed and checked, not read. */
  'other',
] as const;
export type FileRole = (typeof FILE_ROLES)[number];

const PackFile = z.object({
  path: FileName,
  role: z.enum(FILE_ROLES),
  sha256: Sha256,
  /** Bytes; required to download (progress and resume), checked on install when present. */
  size: z.number().int().nonnegative().optional(),
  /** Where the pinned download fetches it from (https, or http for a loopback test server). */
  url: z.url({ protocol: /^https?$/ }).optional(),
});
export type PackFile = z.infer<typeof PackFile>;

const ImageEncoder = z
  .object({ input: z.string().min(1).default('pixel_values'), output: z.string().min(1).default('image_embeds') })
  .default({ input: 'pixel_values', output: 'image_embeds' });

const TextEncoder = z
  .object({
    input: z.string().min(1).default('input_ids'),
    /** Fed when the model declares it (Hugging Face exports may or may not have one). */
    attentionMask: z.string().min(1).default('attention_mask'),
    output: z.string().min(1).default('text_embeds'),
    /** 77 for every released CLIP. */
    contextLength: z.number().int().min(2).max(1024).default(77),
    /** Hugging Face pads with the end token (49407); OpenAI's own exports pad with 0. */
    padTokenId: z.number().int().nonnegative().optional(),
  })
  .default({ input: 'input_ids', attentionMask: 'attention_mask', output: 'text_embeds', contextLength: 77 });

export const PackManifest = z
  .object({
    format: z.literal(PACK_FORMAT),
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1).max(200),
    version: z.string().min(1).max(50),
    embeddingDim: z.number().int().positive().max(8192),
    imageEncoder: ImageEncoder,
    textEncoder: TextEncoder,
    licence: z.object({ spdx: z.string().min(1), notice: z.string().min(1) }),
    files: z.array(PackFile).min(1),
  })
  .superRefine((m, ctx) => {
    const paths = m.files.map((f) => f.path);
    const duplicate = paths.find((p, i) => paths.indexOf(p) !== i);
    if (duplicate) ctx.addIssue({ code: 'custom', message: `file ${duplicate} is listed twice`, path: ['files'] });
    const count = (role: FileRole) => m.files.filter((f) => f.role === role).length;
    for (const role of ['image-encoder', 'text-encoder', 'preprocessor-config', 'licence'] as const) {
      if (count(role) !== 1)
        ctx.addIssue({ code: 'custom', message: `needs exactly one ${role} file`, path: ['files'] });
    }
    const json = count('tokenizer-json');
    const pair = count('tokenizer-vocab') + count('tokenizer-merges');
    const tokenizerOk =
      (json === 1 && pair === 0) || (json === 0 && count('tokenizer-vocab') === 1 && count('tokenizer-merges') === 1);
    if (!tokenizerOk) {
      ctx.addIssue({
        code: 'custom',
        message: 'needs one tokenizer-json file, or one tokenizer-vocab and one tokenizer-merges file',
        path: ['files'],
      });
    }
  });
export type PackManifest = z.infer<typeof PackManifest>;

/** A manifest parsed, or an AppError naming the first problems in words. */
export function parsePackManifest(json: unknown, where: string): PackManifest {
  const parsed = PackManifest.safeParse(json);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(manifest)'}: ${i.message}`)
    .join('; ');
  throw new AppError('invalid-argument', `${where}: not a valid CLIP pack manifest (${problems})`);
}

export function readPackManifest(dir: string): PackManifest {
  const path = join(dir, PACK_MANIFEST_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AppError('not-found', `${dir} is not a CLIP pack: it has no ${PACK_MANIFEST_FILE}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AppError('invalid-argument', `${path} is not JSON: ${(error as Error).message}`);
  }
  return parsePackManifest(json, path);
}

/** The one file with `role` (the manifest's refinement guarantees there is one for the required roles). */
export function fileWithRole(manifest: PackManifest, role: FileRole): PackFile | undefined {
  return manifest.files.find((f) => f.role === role);
}

/**
 * `<id>@<version>+<image encoder sha-256, 12 hex>+<text encoder sha-256, 12 hex>`: what ClipEncoders.modelVersion
 * reports, known on the main thread without loading anything (e.g. to tell which photos need embedding again).
 */
export function packModelVersion(manifest: PackManifest): string {
  const shaOf = (role: FileRole) => fileWithRole(manifest, role)!.sha256.slice(0, 12);
  return `${manifest.id}@${manifest.version}+${shaOf('image-encoder')}+${shaOf('text-encoder')}`;
}
