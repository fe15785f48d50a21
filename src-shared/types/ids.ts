import { z } from 'zod';

/*
 * Branded numeric ids. They are plain numbers on the wire (JSON-safe) but cannot be mixed up in code.
 * The schema is the single source of each id type so runtime validation and the static type never drift.
 */
export const PhotoIdSchema = z.number().int().positive().brand<'PhotoId'>();
export type PhotoId = z.infer<typeof PhotoIdSchema>;

export const RootIdSchema = z.number().int().positive().brand<'RootId'>();
export type RootId = z.infer<typeof RootIdSchema>;

export const FaceIdSchema = z.number().int().positive().brand<'FaceId'>();
export type FaceId = z.infer<typeof FaceIdSchema>;

export const JobIdSchema = z.number().int().positive().brand<'JobId'>();
export type JobId = z.infer<typeof JobIdSchema>;

export const PersonIdSchema = z.number().int().positive().brand<'PersonId'>();
export type PersonId = z.infer<typeof PersonIdSchema>;

export const SceneIdSchema = z.number().int().positive().brand<'SceneId'>();
export type SceneId = z.infer<typeof SceneIdSchema>;
