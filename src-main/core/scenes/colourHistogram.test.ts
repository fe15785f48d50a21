import { describe, expect, it } from 'vitest';
import { colourHistogram, srgbToLab } from './colourHistogram.js';
import { LAB_LAYOUT } from './sceneDescriptors.js';
import type { SceneImage } from './sceneImage.js';

/** The shipped layout: whole photo, 2×2 and three bands, 64 bins each. */
const PARAMS = LAB_LAYOUT;
const CELLS = 8;

function sceneImage(
  side: number,
  colour: (x: number, y: number) => [number, number, number],
  weight: (x: number, y: number) => number = () => 1,
) {
  const rgb = new Float32Array(side * side * 3);
  const w = new Float32Array(side * side);
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      rgb.set(colour(x, y), (y * side + x) * 3);
      w[y * side + x] = weight(x, y);
    }
  }
  return { side, rgb, weight: w } satisfies SceneImage;
}

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));

describe('srgbToLab', () => {
  it('matches the CIE reference values', () => {
    const lab = new Float64Array(3);
    srgbToLab(255, 255, 255, lab);
    expect(lab[0]).toBeCloseTo(100, 2);
    expect(Math.abs(lab[1]!)).toBeLessThan(0.01);
    srgbToLab(255, 0, 0, lab);
    expect(lab[0]).toBeCloseTo(53.24, 1);
    expect(lab[1]).toBeCloseTo(80.09, 1);
    expect(lab[2]).toBeCloseTo(67.2, 1);
  });
});

describe('colourHistogram', () => {
  it('is unit length with the documented dimension', () => {
    const v = colourHistogram(
      sceneImage(16, (x) => [x * 16, 100, 50]),
      PARAMS,
    );
    expect(v.length).toBe(CELLS * 64);
    expect(norm(v)).toBeCloseTo(1, 5);
  });

  it('ignores masked pixels, whatever colour they are', () => {
    const person = (x: number, y: number) => (x >= 4 && x < 10 && y >= 2 ? 0 : 1);
    const sky = (_x: number, y: number): [number, number, number] => (y < 8 ? [90, 140, 220] : [60, 120, 40]);
    const plain = colourHistogram(sceneImage(16, sky, person), PARAMS);
    const red = colourHistogram(
      sceneImage(16, (x, y) => (person(x, y) === 0 ? [250, 10, 10] : sky(x, y)), person),
      PARAMS,
    );
    expect(distance(plain, red)).toBeLessThan(1e-6);
  });

  it('fills a cell the mask empties with the whole photo, not with zeros', () => {
    const leftHalfHidden = (x: number, _y: number) => (x < 8 ? 0 : 1);
    const v = colourHistogram(
      sceneImage(16, () => [120, 120, 120], leftHalfHidden),
      PARAMS,
    );
    for (let cell = 0; cell < CELLS; cell++) expect(norm(v.subarray(cell * 64, cell * 64 + 64))).toBeGreaterThan(0.1);
  });

  it('describes grayscale photos by luminance', () => {
    const dark = colourHistogram(
      sceneImage(8, () => [30, 30, 30]),
      PARAMS,
    );
    const light = colourHistogram(
      sceneImage(8, () => [220, 220, 220]),
      PARAMS,
    );
    expect(distance(dark, light)).toBeGreaterThan(1);
  });
});
