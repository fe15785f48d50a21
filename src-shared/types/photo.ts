import { z } from 'zod';
import type { PhotoId, RootId } from './ids.js';

/** Formats recognised from a file's bytes (never from its extension). */
export const IMAGE_FORMATS = ['jpeg', 'png', 'webp', 'gif', 'tiff', 'avif', 'heif', 'bmp', 'jxl', 'psd'] as const;
export const ImageFormatSchema = z.enum(IMAGE_FORMATS);
export type ImageFormat = z.infer<typeof ImageFormatSchema>;

/**
 * ok: decoded and thumbnailed. damaged: decoded only in part (e.g. truncated), shown with a reason.
 * unsupported: an image this build cannot decode (e.g. HEIC without a HEVC decoder). error: not usable, with a reason.
 */
export const PHOTO_STATUSES = ['ok', 'damaged', 'unsupported', 'error'] as const;
export const PhotoStatusSchema = z.enum(PHOTO_STATUSES);
export type PhotoStatus = z.infer<typeof PhotoStatusSchema>;

export const PROBLEM_CODES = [
  'empty-file',
  'not-an-image',
  'truncated',
  'corrupt',
  'pixel-limit',
  'file-too-large',
  'unsupported-format',
  'permission-denied',
  'io-error',
  'unstable-file',
  'exif-unreadable',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type PhotoProblem = Readonly<{ code: ProblemCode; message: string }>;

export type PhotoSummary = Readonly<{
  id: PhotoId;
  rootId: RootId;
  /** Absolute path for display; bytes that are not valid UTF-8 show as U+FFFD. */
  path: string;
  name: string;
  format: ImageFormat | null;
  /** Display size, EXIF orientation applied. */
  width: number | null;
  height: number | null;
  status: PhotoStatus;
  problem: PhotoProblem | null;
  /** Local wall-clock time the photo was taken, `YYYY-MM-DDTHH:mm:ss`, from EXIF. */
  takenAt: string | null;
  thumbUrl: string | null;
  /** The photo itself for viewing: EXIF rotation applied, JPEG, long side at most 2560 px; null when it has no thumbnail. */
  photoUrl: string | null;
}>;

export type GeoPoint = Readonly<{ latitude: number; longitude: number; altitude: number | null }>;

export type PhotoDetail = PhotoSummary &
  Readonly<{
    sizeBytes: number;
    modifiedAt: string;
    contentHash: string | null;
    orientation: number | null;
    /** UTC offset of takenAt (`+02:00`) when the camera recorded one. */
    takenAtOffset: string | null;
    cameraMake: string | null;
    cameraModel: string | null;
    gps: GeoPoint | null;
    firstSeenAt: string;
    updatedAt: string;
    /** When faces were looked for, and why that failed if it did; null until indexing reaches the photo. */
    faceAnalysis: Readonly<{ doneAt: string | null; error: string | null }> | null;
  }>;

export const PHOTO_SORTS = ['takenAt', 'path', 'added'] as const;

export const PhotoQuerySchema = z
  .object({
    offset: z.number().int().min(0).optional(),
    limit: z.number().int().min(1).max(1000).optional(),
    status: z.array(PhotoStatusSchema).max(PHOTO_STATUSES.length).optional(),
    format: z.array(ImageFormatSchema).max(IMAGE_FORMATS.length).optional(),
    rootId: z.number().int().positive().optional(),
    sort: z.enum(PHOTO_SORTS).optional(),
    descending: z.boolean().optional(),
  })
  .strict();
export type PhotoQuery = z.infer<typeof PhotoQuerySchema>;

export type Page<T> = Readonly<{ items: readonly T[]; total: number; offset: number; limit: number }>;
