import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cropResizeToTensor, RAW_PIXELS, type RgbImage } from '../core/inference/preprocess/image.js';
import { clusterScenes } from '../core/scenes/clusterScenes.js';
import { defaultModelsDir } from '../core/inference/modelManifest.js';
import { detectObjects, OBJECT_DETECTOR_MODEL } from '../core/inference/scenes/detectObjects.js';
import { modelRunner } from '../core/inference/sessions.js';
import { backboneGistDescriptor } from '../core/scenes/sceneDescriptors.js';
import { decodeSceneFile, prepareSceneImage, type BackgroundMask } from '../core/scenes/sceneImage.js';
import { parseCsv } from './csv.js';
import { euclidean } from './metrics.js';

/*
 * Composite test: people pasted onto scene photos, with the mask of where they were pasted (the app gets it from the
 * person segmenter), must leave the photo's scene descriptor near the photo without them and in the same cluster.
 * Scenes: the first photos of each intel6 class; people: the middle of face-api's group photos, cut as ellipses.
 */

const SCENES = resolve('../shared/datasets/scenes/intel6');
const PEOPLE = ['sample1.jpg', 'sample2.jpg', 'sample3.jpg'].map((f) =>
  resolve('node_modules/@vladmandic/face-api/demo', f),
);
const PER_CLASS = 8;
const MAX_PIXELS = 100_000_000;
const detector = modelRunner(defaultModelsDir(), OBJECT_DETECTOR_MODEL, 1);
/** The shipped descriptor as the scene stage computes it: the detector's backbone on the photo, pooled with the mask. */
const describe_ = async (photo: RgbImage, mask?: BackgroundMask) =>
  backboneGistDescriptor((await detectObjects(detector, photo)).backbone, prepareSceneImage(photo, mask));

/** Pastes the middle of a group photo as an ellipse over the lower part of the scene; returns the photo and mask. */
function pastePeople(scene: RgbImage, people: RgbImage, left: boolean): { photo: RgbImage; mask: BackgroundMask } {
  const { width, height } = scene;
  const pw = Math.round(width * 0.45);
  const ph = Math.round(height * 0.75);
  const x0 = left ? Math.round(width * 0.08) : width - pw - Math.round(width * 0.08);
  const y0 = height - ph;
  const region = {
    x: people.width * 0.3,
    y: people.height * 0.1,
    width: people.width * 0.4,
    height: people.height * 0.9,
  };
  const crop = cropResizeToTensor(people, region, pw, ph, RAW_PIXELS);
  const data = Uint8Array.from(scene.data);
  const weights = new Float32Array(width * height).fill(1);
  const inside = (x: number, y: number, grow: number) =>
    ((x + 0.5 - pw / 2) / (pw / 2 + grow)) ** 2 + ((y + 0.5 - ph / 2) / (ph / 2 + grow)) ** 2 <= 1;
  for (let y = -2; y < ph + 2; y++) {
    for (let x = -2; x < pw + 2; x++) {
      const sx = x0 + x;
      const sy = y0 + y;
      if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
      // The mask is the pasted ellipse grown by 1.5 px, as the app dilates the segmenter's mask.
      if (inside(x, y, 1.5)) weights[sy * width + sx] = 0;
      if (x < 0 || y < 0 || x >= pw || y >= ph || !inside(x, y, 0)) continue;
      for (let c = 0; c < 3; c++) data[(sy * width + sx) * 3 + c] = Math.round(crop[(y * pw + x) * 3 + c]!);
    }
  }
  return { photo: { data, width, height }, mask: { width, height, weights } };
}

describe('scene descriptor with people masked out (composites)', () => {
  it('keeps a photo with people next to the same photo without them, and in its cluster', async () => {
    const rows = parseCsv(readFileSync(join(SCENES, 'labels.csv'), 'utf8'));
    const perClass = new Map<string, string[]>();
    for (const r of rows) {
      const files = perClass.get(r['scene']!) ?? [];
      if (files.length < PER_CLASS) files.push(r['file']!);
      perClass.set(r['scene']!, files);
    }
    const files = [...perClass.values()].flat();
    const photos = await Promise.all(files.map((f) => decodeSceneFile(join(SCENES, f), MAX_PIXELS)));
    const people = await Promise.all(PEOPLE.map((p) => decodeSceneFile(p, MAX_PIXELS)));
    const library: Float32Array[] = [];
    for (const p of photos) library.push(await describe_(p));

    // One composite per class, on its first photo.
    const originals = [...perClass.values()].map((f) => files.indexOf(f[0]!));
    const composites = [];
    for (const [k, index] of originals.entries()) {
      const { photo, mask } = pastePeople(photos[index]!, people[k % people.length]!, k % 2 === 0);
      const covered = mask.weights.filter((w) => w === 0).length / mask.weights.length;
      composites.push({ index, covered, masked: await describe_(photo, mask), unmasked: await describe_(photo) });
    }

    for (const c of composites) {
      expect(c.covered).toBeGreaterThan(0.2);
      const original = library[c.index]!;
      const toOriginal = euclidean(c.masked, original);
      // Nearer its own photo than that photo is to any other photo in the library…
      const nearestOther = Math.min(...library.filter((_, j) => j !== c.index).map((v) => euclidean(original, v)));
      expect(toOriginal).toBeLessThan(nearestOther);
      // …and the mask is what keeps it there: unmasked, the people pull it away (measured 0.19–0.24 vs 0.32–0.52).
      expect(toOriginal).toBeLessThan(0.8 * euclidean(c.unmasked, original));
    }

    const all = [...library, ...composites.map((c) => c.masked)];
    const dim = all[0]!.length;
    const vectors = new Float32Array(all.length * dim);
    all.forEach((v, i) => vectors.set(v, i * dim));
    const { labels } = clusterScenes(vectors, dim);
    composites.forEach((c, k) => expect(labels[library.length + k]).toBe(labels[c.index]));
    // Not only noise beside noise: at least two pairs in three sit in a real scene cluster (measured: 5 of 6).
    expect(composites.filter((c) => labels[c.index]! >= 0).length).toBeGreaterThanOrEqual((2 * composites.length) / 3);
  }, 180_000);
});
