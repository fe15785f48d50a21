import { describe, expect, it } from 'vitest';
import {
  SELFIE_INPUT_SIZE,
  bodyRegion,
  dilateMask,
  keepInside,
  markBoxes,
  maskCoverage,
  maskToImage,
  personPixels,
  selfieInput,
  type PersonMask,
} from './personMask.js';

const SIZE = SELFIE_INPUT_SIZE;

/** A 256×256 probability grid: 1 inside the rectangle [x0, x1) × [y0, y1) of grid cells, 0 elsewhere. */
function grid(x0: number, y0: number, x1: number, y1: number): Float32Array {
  const out = new Float32Array(SIZE * SIZE);
  for (let y = y0; y < y1; y++) out.fill(1, y * SIZE + x0, y * SIZE + x1);
  return out;
}

const at = (m: PersonMask, x: number, y: number) => m.data[y * m.width + x];
const blank = (width: number, height: number): PersonMask => ({ width, height, data: new Uint8Array(width * height) });

describe('Selfie input', () => {
  it('stretches the photo to 256×256 RGB in 0..1', () => {
    const data = new Uint8Array(400 * 100 * 3).fill(255);
    for (let i = 0; i < 400 * 100; i++) data[i * 3 + 2] = 51;
    const { tensor, dims } = selfieInput({ data, width: 400, height: 100 });
    expect(dims).toEqual([1, 256, 256, 3]);
    expect(tensor[0]).toBeCloseTo(1, 5);
    expect(tensor[2]).toBeCloseTo(0.2, 5);
    expect(tensor[tensor.length - 1]).toBeCloseTo(0.2, 5);
  });
});

describe('person mask', () => {
  it('resizes the grid to the photo bilinearly and thresholds it', () => {
    // Left half of the grid: a person. On a 512×100 photo that is x < 256.
    const mask = maskToImage(grid(0, 0, 128, SIZE), SIZE, 512, 100);
    expect([at(mask, 0, 0), at(mask, 254, 50), at(mask, 255, 99), at(mask, 257, 50), at(mask, 511, 0)]).toEqual([
      1, 1, 1, 0, 0,
    ]);
    expect(maskCoverage(mask)).toBeCloseTo(0.5, 2);
    // A stricter threshold shrinks the soft edge.
    expect(maskCoverage(maskToImage(grid(0, 0, 128, SIZE), SIZE, 512, 100, 0.99))).toBeLessThan(0.5);
    expect(() => maskToImage(new Float32Array(10), SIZE, 5, 5)).toThrow(RangeError);
  });

  it('dilates by a square of the given radius, clipped at the edges', () => {
    const mask = blank(9, 7);
    mask.data[3 * 9 + 4] = 1;
    mask.data[0] = 1;
    const grown = dilateMask(mask, 2);
    const rows = Array.from({ length: 7 }, (_, y) => Array.from({ length: 9 }, (_, x) => at(grown, x, y)).join(''));
    expect(rows).toEqual(['111000000', '111111100', '111111100', '001111100', '001111100', '001111100', '000000000']);
    expect(dilateMask(mask, 0)).toBe(mask);
    // Larger than the image: everything.
    expect(maskCoverage(dilateMask(mask, 50))).toBe(1);
  });

  it('adds face boxes grown by a margin, clipped to the photo', () => {
    const mask = markBoxes(
      blank(20, 10),
      [
        { x: 4, y: 2, width: 4, height: 4 },
        { x: 18, y: 8, width: 4, height: 4 },
      ],
      0.5,
    );
    // The first box grows 2 px on every side: x 2..9, y 0..7.
    expect([at(mask, 2, 0), at(mask, 9, 7), at(mask, 1, 3), at(mask, 10, 3), at(mask, 5, 8)]).toEqual([1, 1, 0, 0, 0]);
    expect([at(mask, 19, 9), at(mask, 16, 6), at(mask, 15, 6)]).toEqual([1, 1, 0]);
  });

  it('combines mask, dilation and faces into person pixels', () => {
    const probabilities = grid(64, 64, 128, 192); // a person in the grid's middle-left
    const face = { x: 350, y: 20, width: 20, height: 20 }; // someone small the mask missed
    const plain = personPixels(probabilities, 400, 200, {}, { dilation: 0 });
    const pixels = personPixels(probabilities, 400, 200, { faces: [face] }, { dilation: 0.01 });
    expect(at(plain, 120, 100)).toBe(1);
    expect(at(plain, 98, 100)).toBe(0);
    expect(at(pixels, 98, 100)).toBe(1); // 4 px of dilation reach it
    expect(at(pixels, 360, 30)).toBe(1);
    expect(at(plain, 360, 30)).toBe(0);
    expect(maskCoverage(pixels)).toBeGreaterThan(maskCoverage(plain));
  });

  it("keeps the mask only inside person boxes and faces' body regions when person boxes are given", () => {
    // Two blobs: one where the detector saw a person, one it did not (Selfie's false alarm on an animal, say).
    const probabilities = grid(180, 100, 230, 200);
    for (let y = 100; y < 200; y++) probabilities.fill(1, y * SIZE + 10, y * SIZE + 60);
    const person = { x: 10, y: 100, width: 50, height: 100 }; // on a 256×256 photo: grid cells are pixels
    const gated = personPixels(probabilities, SIZE, SIZE, { people: [person] }, { dilation: 0 });
    expect(at(gated, 30, 150)).toBe(1);
    expect(at(gated, 200, 150)).toBe(0);
    // No person detected, no face: nothing is a person's.
    expect(maskCoverage(personPixels(probabilities, SIZE, SIZE, { people: [] }, { dilation: 0 }))).toBe(0);
    // A face over the second blob vouches for the body below it.
    const face = { x: 195, y: 90, width: 20, height: 20 };
    const withFace = personPixels(probabilities, SIZE, SIZE, { people: [], faces: [face] }, { dilation: 0 });
    expect(at(withFace, 200, 150)).toBe(1);
    expect(at(withFace, 30, 150)).toBe(0);
    // Without person evidence the mask stands as it is.
    expect(at(personPixels(probabilities, SIZE, SIZE, {}, { dilation: 0 }), 200, 150)).toBe(1);
  });

  it('keepInside clears what lies outside the regions; bodyRegion extends a face downwards', () => {
    const mask = { width: 10, height: 10, data: new Uint8Array(100).fill(1) };
    keepInside(mask, [{ x: 2, y: 2, width: 3, height: 3 }]);
    expect(maskCoverage(mask)).toBeCloseTo(0.09);
    expect(bodyRegion({ x: 10, y: 10, width: 4, height: 4 })).toEqual({ x: 6, y: 8, width: 12, height: 30 });
  });
});
