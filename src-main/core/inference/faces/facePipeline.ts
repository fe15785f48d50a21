import type { FaceQuality } from '../../../../src-shared/types/face.js';
import { BLAZEFACE_INPUT_SIZE, decodeBlazeFace } from '../preprocess/blazeface.js';
import { extractFaceChip } from '../preprocess/faceChip.js';
import type { Box, Point } from '../preprocess/geometry.js';
import { cropResizeToTensor, imageToTensor, RAW_PIXELS, type RgbImage } from '../preprocess/image.js';
import { LANDMARK_INPUT_SIZE, landmarkCropBox, landmarksToImage } from '../preprocess/landmarks.js';
import { faceQuality } from '../preprocess/quality.js';
import { mergeTileDetections, planTiles, tileDetectionsToImage, type TiledDetection } from '../preprocess/tiles.js';
import { tilesToTensor } from './tileTensor.js';
import type { ModelRunner } from '../sessions.js';

export type FaceModels = Readonly<{ detector: ModelRunner; landmarks: ModelRunner; descriptor: ModelRunner }>;

/** A face in the coordinates of the analysed image (pixels). */
export type ImageFace = Readonly<{
  box: Box;
  score: number;
  landmarks: readonly Point[];
  quality: FaceQuality;
  descriptor: Float32Array;
}>;

const CHIP = 150;
/** Faces per landmark/descriptor batch: big enough to amortise a run, small enough to bound memory in crowds. */
const BATCH = 16;
/**
 * A bound on the work one photo may cause (about 10 ms a face): a stadium photo keeps its best-scored 1000 faces.
 * The faces eval's 24×24 composites hold 576.
 */
export const MAX_FACES = 1000;

function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/** Tiles for a 3:2 photo at ANALYSIS_SIDE; other shapes get the same budget per pixel, so a square photo is not coarser. */
const TILES_PER_3_2_PHOTO = 40;

/** Detection over the tile pyramid (one model run per tile), merged across tiles and levels. */
async function detect(image: RgbImage, detector: ModelRunner): Promise<TiledDetection[]> {
  const budget = Math.round(TILES_PER_3_2_PHOTO * Math.max(1, (image.width * image.height) / (1920 * 1280)));
  const plan = planTiles(image.width, image.height, { maxTiles: budget });
  const tensor = await tilesToTensor(image, plan.tiles);
  const perTile = BLAZEFACE_INPUT_SIZE * BLAZEFACE_INPUT_SIZE * 3;
  const found = [];
  for (const [i, tile] of plan.tiles.entries()) {
    const out = await detector.run(tensor.subarray(i * perTile, (i + 1) * perTile), [
      1,
      BLAZEFACE_INPUT_SIZE,
      BLAZEFACE_INPUT_SIZE,
      3,
    ]);
    // A low decode threshold: the merge applies the real floors, which depend on the face's size in its tile.
    const detections = decodeBlazeFace({ scores: out['scores']!, boxes: out['boxes']! }, { scoreThreshold: 0.5 });
    found.push({ tile, detections: tileDetectionsToImage(tile, detections) });
  }
  return mergeTileDetections(found, image).slice(0, MAX_FACES);
}

async function landmarks(
  image: RgbImage,
  detections: readonly TiledDetection[],
  model: ModelRunner,
): Promise<Point[][]> {
  const result: Point[][] = [];
  const perFace = LANDMARK_INPUT_SIZE * LANDMARK_INPUT_SIZE * 3;
  for (const batch of batches(detections, BATCH)) {
    const regions = batch.map((d) => landmarkCropBox(d.box));
    const input = new Float32Array(batch.length * perFace);
    regions.forEach((region, i) =>
      cropResizeToTensor(image, region, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, RAW_PIXELS, {
        into: input,
        offset: i * perFace,
      }),
    );
    const out = await model.run(input, [batch.length, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, 3]);
    const values = out['landmarks']!;
    regions.forEach((region, i) => result.push(landmarksToImage(values.subarray(i * 136, (i + 1) * 136), region)));
  }
  return result;
}

/**
 * Every face in an RGB image: tile-pyramid detection (BlazeFace), 68 landmarks, the dlib face chip and its 128-d
 * descriptor, and a quality score. The image is the one decode of the photo; every step works from it.
 */
export async function findFaces(
  image: RgbImage,
  models: FaceModels,
): Promise<{ faces: ImageFace[]; timings: Record<string, number> }> {
  const t0 = performance.now();
  const detections = await detect(image, models.detector);
  const t1 = performance.now();
  const points = await landmarks(image, detections, models.landmarks);
  const t2 = performance.now();
  const chips = points.map((p) => extractFaceChip(image, p, CHIP));
  const faces: ImageFace[] = [];
  const perChip = CHIP * CHIP * 3;
  for (const [b, batch] of [...batches(chips, BATCH)].entries()) {
    const input = new Float32Array(batch.length * perChip);
    batch.forEach((chip, i) => imageToTensor(chip, RAW_PIXELS, { into: input, offset: i * perChip }));
    const out = (await models.descriptor.run(input, [batch.length, CHIP, CHIP, 3]))['descriptor']!;
    batch.forEach((chip, i) => {
      const index = b * BATCH + i;
      const detection = detections[index]!;
      const measure = faceQuality({ box: detection.box, landmarks68: points[index]!, chip });
      faces.push({
        box: detection.box,
        score: detection.score,
        landmarks: points[index]!,
        quality: {
          score: measure.score,
          size: measure.size,
          sharpness: measure.sharpness,
          yaw: measure.yaw,
          roll: measure.roll,
        },
        descriptor: out.slice(i * 128, (i + 1) * 128),
      });
    });
  }
  const t3 = performance.now();
  return { faces, timings: { detectMs: t1 - t0, landmarksMs: t2 - t1, descriptorsMs: t3 - t2 } };
}
