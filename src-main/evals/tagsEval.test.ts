import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModelsDir, readManifest } from '../core/inference/modelManifest.js';
import type { CocoLabel } from '../core/inference/preprocess/cocoLabels.js';
import type { ObjectTag } from '../core/inference/preprocess/nanodet.js';
import { datasetsDir } from './datasets.js';
import { loadCocoObjects, runTagsEval, scoreTags } from './tagsEval.js';

const COCO = join(datasetsDir(), 'text', 'coco');
const modelsDir = defaultModelsDir();
const detectorBuilt = (() => {
  const entry = readManifest(modelsDir).models.find((m) => m.id === 'object-detector');
  return entry !== undefined && existsSync(join(modelsDir, entry.file));
})();

const tag = (label: CocoLabel, score: number): ObjectTag => ({ label, score, count: 1 });

describe('scoreTags', () => {
  it('counts (photo, category) pairs above each threshold', () => {
    const truth = new Map([
      ['a.jpg', new Set<CocoLabel>(['dog', 'person'])],
      ['b.jpg', new Set<CocoLabel>(['car'])],
      ['c.jpg', new Set<CocoLabel>()],
    ]);
    const predicted = new Map([
      ['a.jpg', [tag('dog', 0.9), tag('person', 0.3), tag('cat', 0.4)]],
      ['c.jpg', [tag('tv', 0.6)]],
    ]);
    const [low, high] = scoreTags(truth, predicted, [0.25, 0.5]);
    expect(low).toMatchObject({ truePositives: 2, falsePositives: 2, falseNegatives: 1, precision: 0.5 });
    expect(low!.recall).toBeCloseTo(2 / 3);
    expect(high).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 2, precision: 0.5 });
    expect(high!.recall).toBeCloseTo(1 / 3);
    expect(high!.f1).toBeCloseTo((2 * 0.5 * (1 / 3)) / (0.5 + 1 / 3));
  });
});

describe.skipIf(!existsSync(COCO))('the tagger on text/coco', () => {
  it('reads objects.csv: 80 photos, only COCO category names', () => {
    const objects = loadCocoObjects(COCO);
    expect(objects.size).toBe(80);
    expect(objects.get('images/coco_00003.jpg')).toEqual(new Set(['person', 'skateboard']));
  });

  // Floors under what the whole set measures (P 0.80 / R 0.54 at 0.35, R 0.73 at 0.25): fed as Human feeds it
  // (RGB / 255, stretched) the same model reaches recall 0.27 at 0.35, and these fail.
  it.skipIf(!detectorBuilt)(
    'finds most labeled categories in 12 photos, with few wrong tags',
    async () => {
      const report = await runTagsEval(datasetsDir(), { limit: 12 });
      const at = (t: number) => report.byThreshold.find((f) => f.threshold === t)!;
      expect(report.photos).toBe(12);
      expect(at(0.25).recall).toBeGreaterThanOrEqual(0.6);
      expect(at(0.35).recall).toBeGreaterThanOrEqual(0.4);
      expect(at(0.35).precision).toBeGreaterThanOrEqual(0.7);
      expect(at(0.5).precision).toBeGreaterThanOrEqual(0.85);
    },
    60_000,
  );
});
