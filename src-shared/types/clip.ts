import { z } from 'zod';

export type ClipPackSummary = Readonly<{
  id: string;
  name: string;
  version: string;
  embeddingDim: number;
  licence: Readonly<{ spdx: string; notice: string }>;
  active: boolean;
}>;

export type ClipStatus = Readonly<{
  /** The pack text search blends in, or null: search then runs offline only. */
  active: ClipPackSummary | null;
  installed: readonly ClipPackSummary[];
  /** Photos with a vector from the active pack, of all decodable photos. */
  photosEmbedded: number;
  photos: number;
}>;

const path = z.string().min(1).max(32_767);

/**
 * Where a pack comes from: a folder holding facets-clip-pack.json and its files, or a pinned manifest file (each file
 * with url, size and sha-256) to download from, resuming what an earlier attempt left.
 */
export const ClipPackSourceSchema = z.union([
  z.object({ folder: path }).strict(),
  z.object({ manifest: path }).strict(),
]);
export type ClipPackSource = z.infer<typeof ClipPackSourceSchema>;

/** A pack's id: lowercase letters, digits and dashes (its folder's name). */
export const ClipPackIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/);
