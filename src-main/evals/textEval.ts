import { readFile } from 'node:fs/promises';
import { DEFAULT_MAX_PIXELS } from '../core/config.js';
import { decodeForAnalysis } from '../core/inference/faces/analyzePhoto.js';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { ocrModels, readText } from '../core/inference/ocr/readText.js';
import { detectObjects, OBJECT_DETECTOR_MODEL } from '../core/inference/scenes/detectObjects.js';
import { modelRunner } from '../core/inference/sessions.js';
import { runTextSearchEval, type TextSearchEvalReport } from './textSearchEval.js';

/*
 * `npm run eval -- text`: offline text search on ../shared/datasets/text/{coco,imagenet} with the app's own stages,
 * the NanoDet tagger (every detection the index keeps) and PP-OCRv4, over the same index, query planner and ranker
 * the app uses. No CLIP: no weights are reachable here, so these are the offline engine's figures.
 */
export async function runTextEval(datasets: string, threads = 2): Promise<TextSearchEvalReport> {
  const modelsDir = defaultModelsDir();
  const detector = modelRunner(modelsDir, OBJECT_DETECTOR_MODEL, threads);
  const ocr = ocrModels(modelsDir, threads);
  const decode = async (file: string) => decodeForAnalysis(await readFile(file), DEFAULT_MAX_PIXELS);
  return runTextSearchEval({
    datasetsDir: datasets,
    taggerName: 'nanodet-g-416 + pp-ocrv4',
    async tagger(file) {
      const image = await decode(file);
      const { detections } = await detectObjects(detector, image);
      const area = image.width * image.height;
      return detections.map((d) => ({
        label: d.label,
        confidence: d.score,
        area: (d.box.width * d.box.height) / area,
      }));
    },
    async ocr(file) {
      const { text } = await readText(ocr, await decode(file));
      return text.lines.map((line) => line.text);
    },
  });
}
