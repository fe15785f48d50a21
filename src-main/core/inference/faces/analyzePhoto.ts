import sharp from 'sharp';
import { ANALYSIS_SIDE, decodeForAnalysis, decodeOrReason } from '../photo/decodePhoto.js';
import type { RgbImage } from '../preprocess/image.js';
import type { RelativeBox } from '../../../../src-shared/types/face.js';
import type { Box } from '../preprocess/geometry.js';
import { SCENE_SIDE, sceneStageOf } from '../scenes/describeScenePhoto.js';
import { modelRunner } from '../sessions.js';
import { withPhotoBytes } from '../photo/readPhoto.js';
import { FACE_MODELS } from './faceStage.js';
import { findFaces, type FaceModels, type ImageFace } from './facePipeline.js';
import type { FoundFace, PhotoAnalysis } from './faceTypes.js';

const FACE_THUMB = 128;
// Re-exported: the face pipeline's callers have always taken the decode from here.
export { ANALYSIS_SIDE, decodeForAnalysis, decodeOrReason };

export type AnalyzeOptions = Readonly<{
  modelsDir: string;
  threads: number;
  /** The decompression-bomb guard, as the scanner's (CoreConfig.maxPixels). */
  maxPixels: number;
  /** Whether to run the face stage (default true); false when only other stages are still missing. */
  faces?: boolean;
  /**
   * Run the scene stage too, from the same decode. `knownFaces`: the photo's stored face boxes, used to mask people
   * when the face stage does not run now (when it does, the faces it finds are used).
   */
  scene?: Readonly<{ knownFaces: readonly RelativeBox[] }>;
}>;

function faceModels(options: AnalyzeOptions): FaceModels {
  const [detector, landmarks, descriptor] = FACE_MODELS.map((id) =>
    modelRunner(options.modelsDir, id, options.threads),
  );
  return { detector: detector!, landmarks: landmarks!, descriptor: descriptor! };
}

/** A square around the face with some context, clamped to the image, as a small WebP for people views. */
async function faceThumbnail(image: RgbImage, box: Box): Promise<Uint8Array> {
  const side = Math.max(box.width, box.height) * 1.5;
  const left = Math.max(0, Math.round(box.x + box.width / 2 - side / 2));
  const top = Math.max(0, Math.round(box.y + box.height / 2 - side / 2));
  const width = Math.max(1, Math.min(image.width - left, Math.round(side)));
  const height = Math.max(1, Math.min(image.height - top, Math.round(side)));
  const bytes = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 3 } })
    .extract({ left, top, width, height })
    .resize(FACE_THUMB, FACE_THUMB, { fit: 'cover' })
    .webp({ quality: 80 })
    .toBuffer();
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

async function relative(image: RgbImage, face: ImageFace): Promise<FoundFace> {
  const { width: w, height: h } = image;
  const landmarks = new Float32Array(face.landmarks.length * 2);
  face.landmarks.forEach((p, i) => {
    landmarks[2 * i] = p.x / w;
    landmarks[2 * i + 1] = p.y / h;
  });
  return {
    box: { x: face.box.x / w, y: face.box.y / h, width: face.box.width / w, height: face.box.height / h },
    score: face.score,
    landmarks,
    quality: face.quality,
    descriptor: face.descriptor,
    thumbnail: await faceThumbnail(image, face.box),
  };
}

/**
 * Analyses image bytes: decode once, find faces and describe them, then (when asked) the scene stage on the same
 * decode. Never throws for a bad image: it says why. Without the face stage the photo is decoded at scene size only.
 */
export async function analyzeImage(bytes: Buffer, options: AnalyzeOptions): Promise<PhotoAnalysis> {
  const withFaces = options.faces ?? true;
  const side = withFaces ? ANALYSIS_SIDE : SCENE_SIDE;
  const decoded = await decodeOrReason(bytes, options.maxPixels, (b, m) => decodeForAnalysis(b, m, side));
  if (!('image' in decoded)) return decoded;
  const { image } = decoded;
  const started = performance.now();
  const { faces, timings } = withFaces ? await findFaces(image, faceModels(options)) : { faces: [], timings: {} };
  const found = await Promise.all(faces.map((face) => relative(image, face)));
  const facesDone = performance.now();
  const scene =
    options.scene &&
    (await sceneStageOf(image, withFaces ? found.map((f) => f.box) : options.scene.knownFaces, options));
  const sceneTimings: Record<string, number> = scene ? { sceneMs: performance.now() - facesDone } : {};
  return {
    kind: 'analyzed',
    width: image.width,
    height: image.height,
    faces: found,
    ...(scene ? { scene } : {}),
    timings: { ...timings, facesMs: facesDone - started, ...sceneTimings, totalMs: performance.now() - started },
  };
}

/** Analyses the photo at `path` (raw bytes), read-only. */
export function analyzePhotoFile(path: Uint8Array, options: AnalyzeOptions): Promise<PhotoAnalysis> {
  return withPhotoBytes(path, (bytes) => analyzeImage(bytes, options));
}
