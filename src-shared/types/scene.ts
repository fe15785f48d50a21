import { z } from 'zod';
import type { SceneId } from './ids.js';
import type { PhotoSummary } from './photo.js';

/** What the scenes view shows by default: the largest scene clusters. */
export const DEFAULT_TOP_SCENES = 5;

export type SceneSummary = Readonly<{
  id: SceneId;
  /** The user's name for the scene (it then answers text searches), or null. */
  name: string | null;
  /** `name`, or "Scene <id>". */
  displayName: string;
  photoCount: number;
  /** Photos nearest the scene's centre, most typical first. */
  samples: readonly PhotoSummary[];
}>;

export const ScenesQuerySchema = z
  .object({
    /** The largest N scenes (default DEFAULT_TOP_SCENES). */
    top: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();
export type ScenesQuery = z.infer<typeof ScenesQuerySchema>;

/** A photo whose background is near another's: smaller distance, more alike. */
export type SimilarPhoto = Readonly<{ photo: PhotoSummary; distance: number }>;
