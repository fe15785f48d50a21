import { z } from 'zod';
import type { FaceSummary } from './face.js';
import { PersonIdSchema, type PersonId } from './ids.js';
import type { PhotoSummary } from './photo.js';

/** What people lists show by default: clusters under this many photos are "small" and listed only on request. */
export const DEFAULT_MIN_PHOTOS = 3;

export type PersonSummary = Readonly<{
  id: PersonId;
  /** The user's name for the person, or null while unnamed. */
  name: string | null;
  /** `name`, or "Person <id>" for an unnamed person. */
  displayName: string;
  hidden: boolean;
  faceCount: number;
  photoCount: number;
  /** Faces the user assigned or confirmed: clustering never moves them. */
  confirmedFaces: number;
  coverFace: FaceSummary | null;
}>;

export const PeopleQuerySchema = z
  .object({
    /** People with at least this many photos (default DEFAULT_MIN_PHOTOS); 1 lists every cluster. */
    minPhotos: z.number().int().min(1).max(1_000_000).optional(),
    /** 'visible' (default), 'hidden' or 'all'. */
    visibility: z.enum(['visible', 'hidden', 'all']).optional(),
    /** Case-insensitive substring of the name. */
    name: z.string().max(200).optional(),
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
  })
  .strict();
export type PeopleQuery = z.infer<typeof PeopleQuerySchema>;

export const PageRequestSchema = z
  .object({ offset: z.number().int().min(0).optional(), limit: z.number().int().min(1).max(1000).optional() })
  .strict();
export type PageRequest = z.infer<typeof PageRequestSchema>;

/** Where a face should go: an existing person, or a new person made for it. */
export const FaceTargetSchema = z.union([
  z.object({ person: PersonIdSchema }).strict(),
  z.object({ newPerson: z.object({ name: z.string().trim().min(1).max(200).optional() }).strict() }).strict(),
]);
export type FaceTarget = z.infer<typeof FaceTargetSchema>;

export type MergeSuggestion = Readonly<{
  a: PersonSummary;
  b: PersonSummary;
  /** Euclidean distance between the two people's mean descriptors (dlib scale: < 0.6 is usually one person). */
  distance: number;
}>;

export type ClusterSummary = Readonly<{
  mode: 'full' | 'incremental';
  faces: number;
  people: number;
  /** Faces left unassigned (in no cluster of two or more). */
  unassigned: number;
  seconds: number;
}>;

/** One face of a query photo and whom it matched. */
export type QueryFaceMatch = Readonly<{
  index: number;
  box: FaceSummary['box'];
  /** The nearest matched person, or null when no person is close enough ("unknown"). */
  person: PersonSummary | null;
  /**
   * RMS distance to the matched person's faces; when unknown, distance to the closest library face (null when the
   * library has none).
   */
  distance: number | null;
}>;

export type FoundPhoto = Readonly<{
  photo: PhotoSummary;
  /**
   * Per matched query face, the photo's face that matched (its person, or null for a face in no person yet, matched
   * directly) and its distance to the query face.
   */
  matches: readonly Readonly<{
    personId: PersonId | null;
    faceId: FaceSummary['id'];
    queryFace: number;
    distance: number;
  }>[];
}>;

export type FindByPhotoResult = Readonly<{
  mode: 'all' | 'any';
  width: number;
  height: number;
  faces: readonly QueryFaceMatch[];
  /** Photos holding all (or, in 'any' mode, at least one) of the matched people, best first. */
  photos: readonly FoundPhoto[];
  total: number;
}>;

export const FindByPhotoOptionsSchema = z
  .object({
    mode: z.enum(['all', 'any']).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
    /** Ignore a photo's own copy when the query file is in the library. */
    excludeSelf: z.boolean().optional(),
    /** Which of the photo's faces (indices, left to right as detected) to look for; all when omitted. */
    faces: z.array(z.number().int().min(0).max(10_000)).max(1000).optional(),
  })
  .strict();
export type FindByPhotoOptions = z.infer<typeof FindByPhotoOptionsSchema>;
