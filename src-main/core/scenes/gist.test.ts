import { describe, expect, it } from 'vitest';
import { DEFAULT_GIST_PARAMS, gistDescriptor, gistDimension } from './gist.js';
import type { SceneImage } from './sceneImage.js';

const SIDE = 64;

function stripes(vertical: boolean, weight?: (x: number, y: number) => number): SceneImage {
  const rgb = new Float32Array(SIDE * SIDE * 3);
  const w = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const v = 128 + 100 * Math.sin(((vertical ? x : y) * 2 * Math.PI) / 8);
      rgb.fill(v, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
      w[y * SIDE + x] = weight ? weight(x, y) : 1;
    }
  }
  return { side: SIDE, rgb, weight: w };
}

/** Energy per orientation at the finest scale that holds the stripes (period 8 px = 0.125 cycles/px). */
function orientationEnergy(v: Float32Array): number[] {
  const cells = DEFAULT_GIST_PARAMS.grid ** 2;
  const scale = DEFAULT_GIST_PARAMS.scales.indexOf(0.125);
  return Array.from({ length: DEFAULT_GIST_PARAMS.orientations }, (_, o) => {
    const start = (scale * DEFAULT_GIST_PARAMS.orientations + o) * cells;
    return v.subarray(start, start + cells).reduce((a, b) => a + b, 0);
  });
}

describe('gistDescriptor', () => {
  it('is unit length with 512 values', () => {
    const v = gistDescriptor(stripes(true));
    expect(v.length).toBe(gistDimension(DEFAULT_GIST_PARAMS));
    expect(v.length).toBe(512);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('tells vertical stripes from horizontal ones by orientation', () => {
    const vertical = orientationEnergy(gistDescriptor(stripes(true)));
    const horizontal = orientationEnergy(gistDescriptor(stripes(false)));
    // Vertical stripes vary along x: frequency angle 0; horizontal ones along y: angle π/2 (orientation 4 of 8).
    expect(vertical.indexOf(Math.max(...vertical))).toBe(0);
    expect(horizontal.indexOf(Math.max(...horizontal))).toBe(4);
  });

  it('fills masked pixels from the background before filtering', () => {
    // A bright block on the stripes, masked out: the descriptor stays near the plain stripes'.
    const plain = gistDescriptor(stripes(true));
    const inBlock = (x: number, y: number) => x >= 20 && x < 40 && y >= 20 && y < 44;
    const withBlock = stripes(true, (x, y) => (inBlock(x, y) ? 0 : 1));
    for (let y = 0; y < SIDE; y++)
      for (let x = 0; x < SIDE; x++)
        if (inBlock(x, y)) withBlock.rgb.fill(255, (y * SIDE + x) * 3, (y * SIDE + x) * 3 + 3);
    const unmasked = gistDescriptor({ ...withBlock, weight: new Float32Array(SIDE * SIDE).fill(1) });
    const masked = gistDescriptor(withBlock);
    const distance = (a: Float32Array, b: Float32Array) => Math.sqrt(a.reduce((s, x, i) => s + (x - b[i]!) ** 2, 0));
    expect(distance(masked, plain)).toBeLessThan(distance(unmasked, plain) / 2);
  });

  it('refuses a working side that is not a power of two', () => {
    expect(() =>
      gistDescriptor({ side: 48, rgb: new Float32Array(48 * 48 * 3), weight: new Float32Array(48 * 48) }),
    ).toThrow(/power-of-two/);
  });
});
