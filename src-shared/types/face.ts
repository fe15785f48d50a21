import type { FaceId, PersonId, PhotoId } from './ids.js';

/** A box relative to the photo as displayed (EXIF orientation applied): every coordinate in [0, 1]. */
export type RelativeBox = Readonly<{ x: number; y: number; width: number; height: number }>;

export type FaceQuality = Readonly<{
  /** Overall usefulness for recognition, in [0, 1]. */
  score: number;
  /** Short side of the face box in pixels of the analysed image. */
  size: number;
  /** Sharpness of the face chip, in [0, 1]. */
  sharpness: number;
  /** Degrees: head turned left/right, and tilted. */
  yaw: number;
  roll: number;
}>;

export type FaceSummary = Readonly<{
  id: FaceId;
  photoId: PhotoId;
  box: RelativeBox;
  /** Detector confidence in [0, 1]. */
  score: number;
  quality: FaceQuality;
  thumbUrl: string | null;
  /** Whom the face belongs to; `confirmed` when the user decided it (clustering never moves it). */
  person: Readonly<{ id: PersonId; name: string | null; confirmed: boolean }> | null;
}>;

/** A face found in an image that is not (necessarily) in the library. */
export type DetectedFace = Readonly<{ box: RelativeBox; score: number; quality: FaceQuality }>;

export type FileFaces = Readonly<{
  /** Size of the analysed image (EXIF rotation applied; long side at most 1920). */
  width: number;
  height: number;
  faces: readonly DetectedFace[];
  /** Milliseconds per stage, for the curious. */
  timings: Readonly<Record<string, number>>;
}>;
