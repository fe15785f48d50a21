import { describe, expect, it } from 'vitest';
import type { RgbImage } from './image.js';
import {
  LINE_HEIGHT,
  MIN_BATCH_WIDTH,
  cropTextLine,
  detectionCanvas,
  detectionInput,
  lineBatches,
  quadToImage,
  recognitionInput,
} from './ocrInput.js';
import type { Quad } from './textRegions.js';

function makeImage(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  return { data, width, height };
}

const quad = (x: number, y: number, w: number, h: number): Quad => [
  { x, y },
  { x: x + w, y },
  { x: x + w, y: y + h },
  { x, y: y + h },
];

describe('detectionCanvas', () => {
  it('shrinks the long side to at most 1280 and rounds each side to a multiple of 32, never enlarging', () => {
    expect(detectionCanvas(1920, 1080)).toMatchObject({ width: 1280, height: 736 });
    expect(detectionCanvas(1080, 1920)).toMatchObject({ width: 736, height: 1280 });
    expect(detectionCanvas(640, 427)).toMatchObject({ width: 640, height: 416 });
    expect(detectionCanvas(100, 50)).toMatchObject({ width: 96, height: 64 });
    expect(detectionCanvas(10, 5)).toMatchObject({ width: 32, height: 32 });
    const c = detectionCanvas(1920, 1080);
    expect(c.scaleX).toBeCloseTo(1280 / 1920, 9);
    expect(c.scaleY).toBeCloseTo(736 / 1080, 9);
    expect(() => detectionCanvas(0, 10)).toThrow(RangeError);
  });
});

describe('detectionInput', () => {
  it('writes BGR planes normalised with ImageNet constants in B, G, R order', () => {
    const red = makeImage(40, 20, () => [255, 0, 0]);
    const canvas = detectionCanvas(40, 20);
    const input = detectionInput(red, canvas);
    const plane = canvas.width * canvas.height;
    expect(input.length).toBe(3 * plane);
    expect(input[0]).toBeCloseTo((0 - 0.485) / 0.229, 4); // blue plane first, with the mean PaddleOCR gives B
    expect(input[plane]).toBeCloseTo((0 - 0.456) / 0.224, 4);
    expect(input[2 * plane + plane - 1]).toBeCloseTo((1 - 0.406) / 0.225, 4);
  });
});

describe('quadToImage', () => {
  it('undoes the canvas scale and clamps into the image', () => {
    const canvas = { width: 64, height: 32, scaleX: 0.5, scaleY: 0.25 };
    expect(quadToImage(quad(-2, 1, 10, 40), canvas, 100, 120)).toEqual(quad(0, 4, 16, 116));
  });
});

describe('cropTextLine', () => {
  // Left half black, right half white; a red stripe along the top rows.
  const image = makeImage(200, 100, (x, y) => (y < 30 ? [255, 0, 0] : x < 100 ? [0, 0, 0] : [255, 255, 255]));

  it('cuts a horizontal box at height 48 with its aspect ratio', () => {
    const line = cropTextLine(image, quad(60, 40, 80, 20));
    expect(line.height).toBe(LINE_HEIGHT);
    expect(line.width).toBe(192);
    expect([...line.data.subarray(0, 3)]).toEqual([0, 0, 0]);
    expect([...line.data.subarray(line.data.length - 3)]).toEqual([255, 255, 255]);
  });

  it('turns a tall box a quarter counter-clockwise, so its top comes out on the left', () => {
    // Box x 110..130 (white), y 10..90 (red at the top until 30).
    const line = cropTextLine(image, quad(110, 10, 20, 80));
    expect(line.height).toBe(LINE_HEIGHT);
    expect(line.width).toBe(192);
    const mid = (LINE_HEIGHT / 2) * line.width * 3;
    expect([...line.data.subarray(mid + 3, mid + 6)]).toEqual([255, 0, 0]);
    expect([...line.data.subarray(mid + (line.width - 2) * 3, mid + (line.width - 1) * 3)]).toEqual([255, 255, 255]);
  });

  it('refuses an empty box', () => {
    expect(() => cropTextLine(image, quad(10, 10, 0, 5))).toThrow(RangeError);
  });
});

describe('lineBatches', () => {
  it('groups by width: short lines share a 320-px batch, long ones batch with similar widths only', () => {
    const widths = [100, 900, 300, 700, 320, 50, 1000, 380];
    const batches = lineBatches(widths, 8, 1.3);
    expect(batches.map((b) => b.indices.map((i) => widths[i]))).toEqual([
      [50, 100, 300, 320],
      [380],
      [700, 900],
      [1000],
    ]);
    expect(batches.map((b) => b.width)).toEqual([320, 380, 900, 1000]);
    expect(lineBatches([10, 10, 10], 2).map((b) => b.indices.length)).toEqual([2, 1]);
    expect(lineBatches([])).toEqual([]);
  });
});

describe('recognitionInput', () => {
  it('puts each line at the left of its slot in BGR planes in −1..1, the rest zero', () => {
    const blue = makeImage(2, LINE_HEIGHT, () => [0, 0, 255]);
    const white = makeImage(3, LINE_HEIGHT, () => [255, 255, 255]);
    const batch = { indices: [1, 0], width: MIN_BATCH_WIDTH };
    const input = recognitionInput([blue, white], batch);
    const plane = LINE_HEIGHT * MIN_BATCH_WIDTH;
    expect(input.length).toBe(2 * 3 * plane);
    expect([...input.subarray(0, 4)]).toEqual([1, 1, 1, 0]); // white first (index 1), B plane
    const blueSlot = 3 * plane;
    expect([...input.subarray(blueSlot, blueSlot + 3)]).toEqual([1, 1, 0]); // B plane
    expect([...input.subarray(blueSlot + 2 * plane, blueSlot + 2 * plane + 3)]).toEqual([-1, -1, 0]); // R plane
    expect(() =>
      recognitionInput([makeImage(400, LINE_HEIGHT, () => [0, 0, 0])], { indices: [0], width: 320 }),
    ).toThrow(RangeError);
  });
});
