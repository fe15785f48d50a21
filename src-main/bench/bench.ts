/*
 * `npm run bench -- [suite…] [--dir DIR] [--workers N] [--photos N]`: speed and memory as JSON on stdout, each figure
 * beside a baseline measured in the same run. Never a pass/fail: compare runs by their ratios.
 * Suites: scan (--dir, --workers), faces (--photos: dataset photos besides the six group photos, default 60), people,
 * scenemodels (--photos: COCO photos, default 40), sceneindex (--photos: COCO photos besides the six group photos,
 * default 30; the index job with faces and scenes against faces alone), ocr (--photos: COCO photos from datasets/text/coco, default 20),
 * clip (CLIP tokenizer and image preprocessing),
 * search (--photos: size of the synthetic library, default 100,000),
 * pages (a photo grid's page at five depths, through dispatch; --photos: synthetic library size, default 100,000),
 * index (--photos: COCO photos besides face-api's six, default 40; --workers),
 * display (the viewer's full-size photo: render time per request on a group photo, a 24 MP JPEG, a 16-bit TIFF),
 * doctor (a failed decode's second opinion in a child process, against the failed decode itself).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { datasetsDir } from '../evals/datasets.js';
import { packageDir } from '../modelbuild/packageFiles.js';
import { runClipBench } from './clipBench.js';
import { runDisplayBench } from './displayBench.js';
import { runDoctorBench } from './doctorBench.js';
import { runFacesBench } from './facesBench.js';
import { runGridPagesBench } from './gridPagesBench.js';
import { runIndexBench } from './indexBench.js';
import { runOcrBench } from './ocrBench.js';
import { runPeopleBench } from './peopleBench.js';
import { runScanBench } from './scanBench.js';
import { runSceneIndexBench } from './sceneIndexBench.js';
import { runSceneModelsBench } from './sceneModelsBench.js';
import { runSearchBench } from './searchBench.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: 'string' }, workers: { type: 'string' }, photos: { type: 'string' } },
});
const suites = positionals.length > 0 ? positionals : ['scan'];
const workers = values.workers ? Number(values.workers) : Math.min(4, availableParallelism());

const runners: Record<string, () => Promise<object>> = {
  scan: () => runScanBench(values.dir ?? datasetsDir(), workers),
  faces: () =>
    runFacesBench({
      datasetsDir: datasetsDir(),
      modelsDir: defaultModelsDir(),
      datasetPhotos: values.photos ? Number(values.photos) : 60,
    }),
  people: () => runPeopleBench(),
  scenemodels: () =>
    runSceneModelsBench({
      datasetsDir: datasetsDir(),
      modelsDir: defaultModelsDir(),
      photos: values.photos ? Number(values.photos) : 40,
    }),
  sceneindex: () =>
    runSceneIndexBench({
      datasetsDir: datasetsDir(),
      modelsDir: defaultModelsDir(),
      photos: values.photos ? Number(values.photos) : 30,
      workers,
    }),
  ocr: () =>
    runOcrBench({
      datasetsDir: datasetsDir(),
      modelsDir: defaultModelsDir(),
      photos: values.photos ? Number(values.photos) : 20,
    }),
  clip: () => runClipBench(datasetsDir()),
  index: () =>
    runIndexBench({ datasetsDir: datasetsDir(), photos: values.photos ? Number(values.photos) : 40, workers }),
  search: () => Promise.resolve(runSearchBench(values.photos ? { photos: Number(values.photos) } : {})),
  pages: () => runGridPagesBench(values.photos ? { photos: Number(values.photos) } : {}),
  display: () => runDisplayBench(join(packageDir('@vladmandic/face-api'), 'demo', 'sample2.jpg')),
  doctor: () => runDoctorBench(),
};

for (const suite of suites) {
  const run = runners[suite];
  if (!run) {
    process.stderr.write(`bench: unknown suite "${suite}"; known: ${Object.keys(runners).join(', ')}\n`);
    process.exitCode = 2;
    continue;
  }
  const report = await run();
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}
