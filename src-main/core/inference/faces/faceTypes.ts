import type { FaceQuality, RelativeBox } from '../../../../src-shared/types/face.js';
import type { SceneAnalysis } from '../scenes/describeScenePhoto.js';

export type FoundFace = Readonly<{
  box: RelativeBox;
  score: number;
  /** 68 landmarks as x0, y0, x1, y1, … relative to the photo, like the box. */
  landmarks: Float32Array;
  quality: FaceQuality;
  /** dlib's 128-d descriptor: same person when the Euclidean distance is small (dlib's threshold: 0.6). */
  descriptor: Float32Array;
  /** A small square WebP of the face for people views. */
  thumbnail: Uint8Array;
}>;

export type StageTimings = Readonly<Record<string, number>>;

export type PhotoAnalysis =
  | Readonly<{
      kind: 'analyzed';
      width: number;
      height: number;
      faces: readonly FoundFace[];
      /** The scene stage's outcome, when it was asked for (it can fail on its own while faces succeed). */
      scene?: SceneAnalysis;
      timings: StageTimings;
    }>
  /** The photo could not be analysed (it no longer decodes, or vanished): the reason is recorded, nothing crashes. */
  | Readonly<{ kind: 'failed'; reason: string }>;
