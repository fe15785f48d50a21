import type { FaceQuality } from '../../../../src-shared/types/face.js';
import { decodeBlazeFace } from '../preprocess/blazeface.js';
import { chipViews, meanOfViews } from '../preprocess/descriptorViews.js';
import { extractFaceChip } from '../preprocess/faceChip.js';
import type { Box, Point } from '../preprocess/geometry.js';
import { cropResizeToTensor, imageToTensor, RAW_PIXELS, type RgbImage } from '../preprocess/image.js';
import { LANDMARK_INPUT_SIZE, landmarkCropBox, landmarksToImage } from '../preprocess/landmarks.js';
import { faceQuality } from '../preprocess/quality.js';
import {
  levelDetectionsToImage,
  mergeLevelDetections,
  planPyramid,
  type LevelDetection,
} from '../preprocess/pyramid.js';
import { levelCanvases } from './levelCanvas.js';
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
const DESCRIPTOR_DIM = 128;
/**
 * Faces per landmark/descriptor batch (the descriptor runs each face's two views): big enough to amortise a run, small
 * enough to bound memory in crowds.
 */
const BATCH = 16;
/**
 * A bound on the work one photo may cause (about 10 ms a face): a stadium photo keeps its best-scored 1000 faces.
 * The faces eval's 24×24 composites hold 576.
 */
export const MAX_FACES = 1000;

function* batches<T>(items: readonly T[], size: number): Generator<readonly T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The tile budget that sets the pyramid's levels for a 3:2 photo at ANALYSIS_SIDE (the face sizes each level covers;
 * see planTiles); other shapes get the same budget per pixel, so a square photo is not coarser.
 */
const TILES_PER_3_2_PHOTO = 40;

/** Detection over the image pyramid (one model run per level, fully convolutional), merged across levels. */
async function detect(image: RgbImage, detector: ModelRunner): Promise<LevelDetection[]> {
  const budget = Math.round(TILES_PER_3_2_PHOTO * Math.max(1, (image.width * image.height) / (1920 * 1280)));
  const levels = planPyramid(image.width, image.height, { maxTiles: budget });
  const found = [];
  for await (const { level, input } of levelCanvases(image, levels)) {
    const { canvas } = level;
    const out = await detector.run(input, [1, 3, canvas.height, canvas.width]);
    // A low decode threshold: the merge applies the real floors, which depend on the face's size at its level.
    const detections = decodeBlazeFace(
      { scores: out['scores']!, boxes: out['boxes']! },
      { canvas, scoreThreshold: 0.5 },
    );
    found.push({ level, detections: levelDetectionsToImage(level, detections) });
  }
  return mergeLevelDetections(found).slice(0, MAX_FACES);
}

async function landmarks(
  image: RgbImage,
  detections: readonly LevelDetection[],
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
 * Every face in an RGB image: image-pyramid detection (BlazeFace), 68 landmarks, the dlib face chip and its 128-d
 * descriptor (the mean over the chip and its mirror image, see descriptorViews), and a quality score. The image is
 * the one decode of the photo; every step works from it.
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
    const views = batch.flatMap(chipViews);
    const input = new Float32Array(views.length * perChip);
    views.forEach((view, i) => imageToTensor(view, RAW_PIXELS, { into: input, offset: i * perChip }));
    const described = (await models.descriptor.run(input, [views.length, CHIP, CHIP, 3]))['descriptor']!;
    const out = meanOfViews(described, views.length / batch.length, DESCRIPTOR_DIM);
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
        descriptor: out.slice(i * DESCRIPTOR_DIM, (i + 1) * DESCRIPTOR_DIM),
      });
    });
  }
  const t3 = performance.now();
  return { faces, timings: { detectMs: t1 - t0, landmarksMs: t2 - t1, descriptorsMs: t3 - t2 } };
}
