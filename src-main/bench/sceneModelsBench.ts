import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import type { RgbImage } from '../core/inference/preprocess/image.js';
import { nanoDetInput } from '../core/inference/preprocess/nanodet.js';
import { selfieInput } from '../core/inference/preprocess/personMask.js';
import { OBJECT_DETECTOR_MODEL, detectObjects } from '../core/inference/scenes/detectObjects.js';
import { PERSON_MASK_MODEL, personBoxes, segmentPeople } from '../core/inference/scenes/segmentPeople.js';
import { modelRunner } from '../core/inference/sessions.js';
import { loadCocoObjects } from '../evals/tagsEval.js';

/*
 * `npm run bench -- scenemodels [--photos N]`: milliseconds per photo of the scene models (person-mask, object-detector)
 * on COCO photos decoded once (long side ≤ 1920), with 1 and 2 ORT intra-op threads: the model run alone, and the
 * whole stage function (input preparation, run, decoding). Medians; the first run of each session is left out.
 */

export type SceneModelsBenchOptions = Readonly<{ datasetsDir: string; modelsDir: string; photos: number }>;

type Figures = Readonly<{ modelMs: number; stageMs: number }>;

export type SceneModelsBenchReport = Readonly<{
  suite: 'scenemodels';
  photos: number;
  decodeMs: number;
  byThreads: Readonly<Record<string, Readonly<{ personMask: Figures; objectDetector: Figures }>>>;
}>;

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

async function timed(images: readonly RgbImage[], run: (image: RgbImage) => Promise<unknown>): Promise<number> {
  await run(images[0]!); // session creation and first-run planning
  const times: number[] = [];
  for (const image of images) {
    const start = performance.now();
    await run(image);
    times.push(performance.now() - start);
  }
  return median(times);
}

export async function runSceneModelsBench(options: SceneModelsBenchOptions): Promise<SceneModelsBenchReport> {
  const dir = join(options.datasetsDir, 'text', 'coco');
  const files = [...loadCocoObjects(dir).keys()].slice(0, options.photos);
  const images: RgbImage[] = [];
  const decodeTimes: number[] = [];
  for (const file of files) {
    const bytes = await readFile(join(dir, file));
    const start = performance.now();
    images.push(await decodeForAnalysis(bytes, DEFAULT_MAX_PIXELS));
    decodeTimes.push(performance.now() - start);
  }
  const byThreads: Record<string, { personMask: Figures; objectDetector: Figures }> = {};
  for (const threads of [1, 2]) {
    const segmenter = modelRunner(options.modelsDir, PERSON_MASK_MODEL, threads);
    const detector = modelRunner(options.modelsDir, OBJECT_DETECTOR_MODEL, threads);
    byThreads[`${threads} thread${threads > 1 ? 's' : ''}`] = {
      personMask: {
        modelMs: await timed(images, (image) => {
          const { tensor, dims } = selfieInput(image);
          return segmenter.run(tensor, dims);
        }),
        stageMs: await timed(images, (image) => segmentPeople(segmenter, image)),
      },
      objectDetector: {
        modelMs: await timed(images, (image) => {
          const { tensor, dims } = nanoDetInput(image);
          return detector.run(tensor, dims);
        }),
        stageMs: await timed(images, async (image) => {
          const { detections } = await detectObjects(detector, image);
          return personBoxes(detections);
        }),
      },
    };
  }
  return { suite: 'scenemodels', photos: images.length, decodeMs: median(decodeTimes), byThreads };
}
