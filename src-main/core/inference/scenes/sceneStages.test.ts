import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_PIXELS } from '../../config.js';
import { decodeForAnalysis } from '../faces/analyzePhoto.js';
import { defaultModelsDir, readManifest } from '../modelManifest.js';
import { maskCoverage } from '../preprocess/personMask.js';
import { modelRunner, type ModelRunner } from '../sessions.js';
import { OBJECT_DETECTOR_MODEL, detectObjects } from './detectObjects.js';
import { PERSON_MASK_MODEL, personBoxes, segmentPeople } from './segmentPeople.js';

/* The scenes stage functions on real photos with the built models (skipped until `npm run models` has built them). */

const modelsDir = defaultModelsDir();
const built = readManifest(modelsDir).models.every(
  (m) => ![PERSON_MASK_MODEL, OBJECT_DETECTOR_MODEL].includes(m.id) || existsSync(join(modelsDir, m.file)),
);
const SAMPLES = resolve('node_modules/@vladmandic/face-api/demo');
const COCO = resolve('..', 'shared', 'datasets', 'text', 'coco', 'images');
const decode = (path: string) => decodeForAnalysis(readFileSync(path), DEFAULT_MAX_PIXELS);

/** A fake runner (test-only) that answers with the given outputs. */
const fakeRunner = (outputs: Record<string, Float32Array>): ModelRunner => ({ run: async () => outputs });

describe.skipIf(!built)('scene stages', () => {
  const segmenter = modelRunner(modelsDir, PERSON_MASK_MODEL, 1);
  const detector = modelRunner(modelsDir, OBJECT_DETECTOR_MODEL, 1);

  it('masks the people of a group photo at its size, gated by the detector, and adds face boxes', async () => {
    const image = await decode(join(SAMPLES, 'sample1.jpg'));
    const { detections } = await detectObjects(detector, image);
    const people = personBoxes(detections);
    expect(people.length).toBeGreaterThan(0);
    const plain = await segmentPeople(segmenter, image);
    const gated = await segmentPeople(segmenter, image, { people });
    expect([gated.width, gated.height]).toEqual([image.width, image.height]);
    expect(maskCoverage(gated)).toBeGreaterThan(0.15);
    expect(maskCoverage(gated)).toBeLessThanOrEqual(maskCoverage(plain));
    // A corner given as a face box: now a person's pixels.
    const withFace = await segmentPeople(segmenter, image, { people, faces: [{ x: 0, y: 0, width: 8, height: 8 }] });
    expect(withFace.data[0]).toBe(1);
  });

  it.skipIf(!existsSync(COCO))(
    'finds no person in a close-up of an elephant once the detector gates the mask',
    async () => {
      // coco_00004: an elephant, no person in COCO's labels. Selfie alone marks most of it as a person.
      const image = await decode(join(COCO, 'coco_00004.jpg'));
      const { detections } = await detectObjects(detector, image);
      expect(maskCoverage(await segmentPeople(segmenter, image))).toBeGreaterThan(0.5);
      const gated = await segmentPeople(segmenter, image, { people: personBoxes(detections) });
      expect(maskCoverage(gated)).toBeLessThan(0.05);
    },
  );

  it.skipIf(!existsSync(COCO))('tags a skateboarder with boxes inside the photo', async () => {
    const image = await decode(join(COCO, 'coco_00003.jpg'));
    const { tags, detections } = await detectObjects(detector, image);
    expect(tags.map((t) => t.label)).toEqual(expect.arrayContaining(['person', 'skateboard']));
    for (const d of detections) {
      expect(d.box.x).toBeGreaterThanOrEqual(0);
      expect(d.box.y).toBeGreaterThanOrEqual(0);
      expect(d.box.x + d.box.width).toBeLessThanOrEqual(image.width + 1e-6);
      expect(d.box.y + d.box.height).toBeLessThanOrEqual(image.height + 1e-6);
    }
    const person = detections.find((d) => d.label === 'person')!;
    // The skater stands in the photo's right half, taller than wide.
    expect(person.box.x + person.box.width / 2).toBeGreaterThan(image.width / 2);
    expect(person.box.height).toBeGreaterThan(person.box.width);
  });

  it('says which output is missing when a model answers with something else', async () => {
    const image = { data: new Uint8Array(32 * 32 * 3), width: 32, height: 32 };
    await expect(detectObjects(fakeRunner({ scores: new Float32Array(1) }), image)).rejects.toThrow(
      'the object detector did not return scores and distributions',
    );
    await expect(segmentPeople(fakeRunner({}), image)).rejects.toThrow('the person-mask model did not return a mask');
  });
});
