import { describe, expect, it } from 'vitest';
import { backgroundShare, gridCells, prepareSceneImage } from './sceneImage.js';

const flat = (width: number, height: number, rgb: [number, number, number]) => {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) data.set(rgb, i * 3);
  return { data, width, height };
};

describe('prepareSceneImage', () => {
  it('stretches any photo to the working square and keeps its colours', () => {
    const image = prepareSceneImage(flat(300, 120, [10, 200, 30]), undefined, 32);
    expect(image.side).toBe(32);
    expect(image.rgb.length).toBe(32 * 32 * 3);
    expect(image.rgb[0]).toBeCloseTo(10, 3);
    expect(image.rgb[32 * 32 * 3 - 2]).toBeCloseTo(200, 3);
    expect(backgroundShare(image)).toBe(1);
  });

  it('resamples the background mask to the working square', () => {
    // Left half of the photo is a person.
    const weights = new Float32Array(100 * 50);
    for (let y = 0; y < 50; y++) for (let x = 50; x < 100; x++) weights[y * 100 + x] = 1;
    const image = prepareSceneImage(flat(200, 100, [0, 0, 0]), { width: 100, height: 50, weights }, 16);
    expect(image.weight[0]).toBe(0);
    expect(image.weight[15]).toBe(1);
    expect(backgroundShare(image)).toBeCloseTo(0.5, 2);
  });

  it('refuses pixels and masks that do not match their size', () => {
    expect(() => prepareSceneImage({ data: new Uint8Array(5), width: 2, height: 1 })).toThrow(/bytes/);
    expect(() =>
      prepareSceneImage(flat(4, 4, [0, 0, 0]), { width: 4, height: 4, weights: new Float32Array(3) }),
    ).toThrow(/mask/);
  });
});

describe('gridCells', () => {
  it('splits the square into row-major cells', () => {
    const cells = gridCells(4, 2, 2);
    expect(Array.from(cells)).toEqual([0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
  });
});
