import { z } from 'zod';
import type { PhotoSummary } from './photo.js';

export const SearchQuerySchema = z
  .object({
    /** Words as a person types them ("dog on a beach", "birthday cake", "Anna 2019"). */
    text: z.string().trim().min(1).max(500),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(500).optional(),
  })
  .strict();
export type SearchQuery = z.infer<typeof SearchQuerySchema>;

/** How a query word reached what matched: itself, a synonym, a more general or more specific word, or a definition. */
export type MatchVia = 'exact' | 'synonym' | 'hypernym' | 'hyponym' | 'gloss';

/** Where a matched word was found: text read in the photo, a person's or scene's name, its folder, its date. */
export type TextField = 'ocr' | 'despaced' | 'people' | 'scenes' | 'folders' | 'dates';

/** Why a photo matched: each query concept's best match, so the user can see (and trust) the ranking. */
export type MatchReason =
  | Readonly<{ kind: 'tag'; query: string; label: string; confidence: number; via: MatchVia }>
  | Readonly<{ kind: 'text'; query: string; field: TextField; term: string; via: MatchVia }>
  | Readonly<{
      kind: 'clip';
      /** cosine similarity of the photo and the query in the CLIP pack's space */ score: number;
    }>;

export type SearchHit = Readonly<{ photo: PhotoSummary; score: number; reasons: readonly MatchReason[] }>;

/**
 * offline: object tags, OCR text, names, folders and dates (WordNet-expanded); offline+clip: blended with the
 * installed CLIP pack's similarity.
 */
export type SearchEngine = 'offline' | 'offline+clip';

export type SearchResult = Readonly<{
  query: string;
  engine: SearchEngine;
  /** The query as understood: each concept and the labels and words it was expanded to. */
  concepts: readonly Readonly<{ text: string; tags: readonly string[]; words: readonly string[] }>[];
  total: number;
  offset: number;
  items: readonly SearchHit[];
}>;
