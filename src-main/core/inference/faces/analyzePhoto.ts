import sharp from 'sharp';
import type { RgbImage } from '../preprocess/image.js';
import type { RelativeBox } from '../../../../src-shared/types/face.js';
import type { Box } from '../preprocess/geometry.js';
import { SCENE_SIDE, sceneStageOf } from '../scenes/describeScenePhoto.js';
import { modelRunner } from '../sessions.js';
import { withPhotoBytes } from '../photo/readPhoto.js';
import { FACE_MODELS } from './faceStage.js';
import { findFaces, type FaceModels, type ImageFace } from './facePipeline.js';
import type { FoundFace, PhotoAnalysis } from './faceTypes.js';

/** Faces are looked for at this long side: 24-px faces stay findable, and a 50 MP photo costs what a 2 MP one does. */
export const ANALYSIS_SIDE = 1920;
const FACE_THUMB = 128;
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

/** The photo as displayed (EXIF rotation applied), RGB, long side at most ANALYSIS_SIDE: the one decode. */
export async function decodeForAnalysis(input: Buffer, maxPixels: number, side = ANALYSIS_SIDE): Promise<RgbImage> {
  const { data, info } = await sharp(input, { limitInputPixels: maxPixels, failOn: 'none' })
    .rotate()
    .resize(side, side, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected RGB`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

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

/** `decodeForAnalysis`, or why the bytes are not a photo it can decode (for stages that never throw on bad input). */
export async function decodeOrReason(
  bytes: Buffer,
  maxPixels: number,
  decode: (bytes: Buffer, maxPixels: number) => Promise<RgbImage> = decodeForAnalysis,
): Promise<{ image: RgbImage } | { kind: 'failed'; reason: string }> {
  try {
    return { image: await decode(bytes, maxPixels) };
  } catch (error) {
    return {
      kind: 'failed',
      reason: `the photo could not be decoded: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    };
  }
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
