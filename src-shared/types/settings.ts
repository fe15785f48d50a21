import { z } from 'zod';

/*
 * What the user may tune about how a library is analysed. Each has a tested default in core; the bounds keep values
 * within what the evals measured to make sense.
 */
/** The bounds of each setting (the controls use them too). */
export const PERSON_DISTANCE_RANGE = { min: 0.45, max: 0.65, step: 0.01 } as const;
export const SCENE_MIN_PHOTOS_RANGE = { min: 3, max: 50 } as const;

export const LibrarySettingsSchema = z
  .object({
    /**
     * How far apart (RMS descriptor distance) two groups of faces may be and still be one person. Lower keeps people
     * apart (more splits), higher merges look-alikes. Applies from the next clustering, and at once to find by photo.
     */
    personDistance: z.number().min(PERSON_DISTANCE_RANGE.min).max(PERSON_DISTANCE_RANGE.max),
    /** The fewest photos a scene must have to be shown. Applies from the next scene clustering. */
    sceneMinPhotos: z.number().int().min(SCENE_MIN_PHOTOS_RANGE.min).max(SCENE_MIN_PHOTOS_RANGE.max),
  })
  .strict();

export type LibrarySettings = z.infer<typeof LibrarySettingsSchema>;

export const LibrarySettingsPatchSchema = LibrarySettingsSchema.partial().strict();
export type LibrarySettingsPatch = z.infer<typeof LibrarySettingsPatchSchema>;
