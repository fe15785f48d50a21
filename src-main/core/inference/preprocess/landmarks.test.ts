import { describe, expect, it } from 'vitest';
import { cropResizeToTensor, type RgbImage } from './image.js';
import { LANDMARK_INPUT_SIZE, landmarkCropBox, landmarksToImage } from './landmarks.js';

describe('landmarkCropBox', () => {
  it('is the square of 1.2× the long side, centred 0.1 side above the detection centre', () => {
    expect(landmarkCropBox({ x: 100, y: 200, width: 50, height: 40 })).toEqual({
      x: 95,
      y: 185,
      width: 60,
      height: 60,
    });
  });
});

describe('landmarksToImage', () => {
  it('maps outputs in units of the input square to image coordinates', () => {
    const out = new Float32Array(136);
    out.set([0, 0, 1, 1, 0.25, 0.5]);
    const pts = landmarksToImage(out, { x: 10, y: 20, width: 80, height: 80 });
    expect(pts).toHaveLength(68);
    expect(pts.slice(0, 3)).toEqual([
      { x: 10, y: 20 },
      { x: 90, y: 100 },
      { x: 30, y: 60 },
    ]);
    expect(() => landmarksToImage(new Float32Array(10), { x: 0, y: 0, width: 1, height: 1 })).toThrow(RangeError);
  });

  it('inverts the crop: a point found in the 112² input maps back onto the image point', () => {
    const W = 300;
    const data = new Uint8Array(W * W * 3);
    for (let y = 120; y < 123; y++)
      for (let x = 150; x < 153; x++) data.fill(255, (y * W + x) * 3, (y * W + x) * 3 + 3);
    const image: RgbImage = { data, width: W, height: W };
    const region = landmarkCropBox({ x: 90, y: 70, width: 130, height: 130 });
    const raw = cropResizeToTensor(image, region, LANDMARK_INPUT_SIZE, LANDMARK_INPUT_SIZE, {
      mean: [0, 0, 0],
      std: [1, 1, 1],
    });
    let best = 0;
    for (let i = 0; i < raw.length; i += 3) if (raw[i]! > raw[best]!) best = i;
    const px = (best / 3) % LANDMARK_INPUT_SIZE;
    const py = Math.floor(best / 3 / LANDMARK_INPUT_SIZE);
    const out = new Float32Array(136).fill(0);
    out[0] = (px + 0.5) / LANDMARK_INPUT_SIZE;
    out[1] = (py + 0.5) / LANDMARK_INPUT_SIZE;
    const [p] = landmarksToImage(out, region);
    const cropPixel = region.width / LANDMARK_INPUT_SIZE;
    expect(Math.abs(p!.x - 151.5)).toBeLessThanOrEqual(cropPixel);
    expect(Math.abs(p!.y - 121.5)).toBeLessThanOrEqual(cropPixel);
  });
});
