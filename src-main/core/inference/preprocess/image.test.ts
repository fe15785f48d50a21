import { describe, expect, it } from 'vitest';
import type { Affine } from './geometry.js';
import {
  BLAZEFACE_NORMALIZATION,
  boxToImage,
  cropResizeToTensor,
  downsample2,
  extractChip,
  imageToPlanes,
  imageToTensor,
  letterboxToTensor,
  mirrorImage,
  toGray,
  warpAffine,
  type Normalization,
  type RgbImage,
} from './image.js';

const RAW: Normalization = { mean: [0, 0, 0], std: [1, 1, 1] };

function makeImage(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) data.set(pixel(x, y), (y * width + x) * 3);
  }
  return { data, width, height };
}

const checker = (cell: number) => (x: number, y: number) => {
  const v = (Math.floor(x / cell) + Math.floor(y / cell)) % 2 ? 255 : 0;
  return [v, v, v] as [number, number, number];
};

describe('cropResizeToTensor', () => {
  it('copies pixels exactly when the region is the image at its own size, and normalises per channel', () => {
    const img = makeImage(5, 4, (x, y) => [x * 10, y * 20, 7]);
    const t = cropResizeToTensor(img, { x: 0, y: 0, width: 5, height: 4 }, 5, 4, BLAZEFACE_NORMALIZATION);
    for (let i = 0; i < img.data.length; i++) expect(t[i]).toBeCloseTo(img.data[i]! / 127.5 - 1, 6);
  });

  it('averages when shrinking instead of skipping pixels', () => {
    // A 1-px checkerboard shrunk 8×: point-sampled bilinear would return 0s and 255s; every output must be grey.
    const img = makeImage(64, 64, checker(1));
    const t = cropResizeToTensor(img, { x: 0, y: 0, width: 64, height: 64 }, 8, 8, RAW);
    for (const v of t) expect(Math.abs(v - 127.5)).toBeLessThan(4);
  });

  it('interpolates half-pixel-centred when enlarging', () => {
    const img = makeImage(2, 1, (x) => [x === 0 ? 0 : 100, 0, 0]);
    const t = cropResizeToTensor(img, { x: 0, y: 0, width: 2, height: 1 }, 4, 1, RAW);
    // Output centres 0.25, 0.75, 1.25, 1.75 → source index space −0.25, 0.25, 0.75, 1.25 (edges replicate).
    expect([t[0], t[3], t[6], t[9]]).toEqual([0, 25, 75, 100]);
  });

  it('fills samples outside the image', () => {
    const img = makeImage(4, 4, () => [200, 200, 200]);
    const t = cropResizeToTensor(img, { x: -4, y: 0, width: 8, height: 4 }, 8, 4, RAW, { fill: 9 });
    expect(t[0]).toBe(9); // x = −3.5
    expect(t[4 * 3]).toBe(200); // x = 0.5
  });

  it('writes into a batch slot without touching the rest', () => {
    const img = makeImage(2, 2, () => [50, 60, 70]);
    const batch = new Float32Array(2 * 2 * 2 * 3).fill(-5);
    cropResizeToTensor(img, { x: 0, y: 0, width: 2, height: 2 }, 2, 2, RAW, { into: batch, offset: 12 });
    expect(Array.from(batch.subarray(0, 12))).toEqual(new Array(12).fill(-5));
    expect(Array.from(batch.subarray(12, 15))).toEqual([50, 60, 70]);
    expect(() =>
      cropResizeToTensor(img, { x: 0, y: 0, width: 2, height: 2 }, 2, 2, RAW, { into: batch, offset: 13 }),
    ).toThrow(RangeError);
  });
});

describe('letterboxToTensor', () => {
  it('pads the short side on both ends and maps boxes back to the image', () => {
    const img = makeImage(8, 4, () => [255, 255, 255]);
    const { tensor, transform } = letterboxToTensor(img, 8, RAW);
    const row = (y: number) => tensor[(y * 8 + 4) * 3];
    expect([row(0), row(1), row(2), row(5), row(6), row(7)]).toEqual([0, 0, 255, 255, 0, 0]);
    const back = boxToImage({ x: 0, y: 2, width: 8, height: 4 }, transform);
    expect(back).toEqual({ x: 0, y: 0, width: 8, height: 4 });
  });
});

describe('warpAffine', () => {
  const img = makeImage(6, 4, (x, y) => [x * 40, y * 60, x + y]);

  it('is exact for the identity and for integer shifts; outside is black', () => {
    expect(warpAffine(img, [1, 0, 0, 0, 1, 0], 6, 4).data).toEqual(img.data);
    const shifted = warpAffine(img, [1, 0, 2, 0, 1, 1], 6, 4);
    expect(Array.from(shifted.data.subarray(0, 3))).toEqual([80, 60, 3]);
    expect(Array.from(shifted.data.subarray((3 * 6 + 0) * 3, (3 * 6 + 0) * 3 + 3))).toEqual([0, 0, 0]);
  });

  it('rotates by 90° without loss', () => {
    // out(i, j) = img(j, H − 1 − i) as pixel indices; in continuous coordinates x' = y, y' = H − x.
    const rot: Affine = [0, 1, 0, -1, 0, 4];
    const out = warpAffine(img, rot, 4, 6);
    for (let j = 0; j < 6; j++) {
      for (let i = 0; i < 4; i++) {
        const o = (j * 4 + i) * 3;
        const s = ((3 - i) * 6 + j) * 3;
        expect(Array.from(out.data.subarray(o, o + 3))).toEqual(Array.from(img.data.subarray(s, s + 3)));
      }
    }
  });
});

describe('downsample2 and extractChip', () => {
  it('keeps a constant image constant and maps coordinates by p/2', () => {
    const flat = downsample2(makeImage(9, 7, () => [33, 66, 99]));
    expect(flat.width).toBe(5);
    expect(flat.height).toBe(4);
    expect(new Set(flat.data)).toEqual(new Set([33, 66, 99]));
    // A bright 2-px column at x = 8, 9 becomes output column 4.
    const line = downsample2(makeImage(16, 4, (x) => (x === 8 || x === 9 ? [240, 240, 240] : [0, 0, 0])));
    const row = Array.from({ length: 8 }, (_, k) => line.data[(1 * 8 + k) * 3]!);
    expect(row.indexOf(Math.max(...row))).toBe(4);
  });

  it('anti-aliases strong shrinking where a plain warp aliases', () => {
    // Every chip pixel centre lands on a pixel centre of the same checker colour: a plain warp sees only black.
    const img = makeImage(400, 400, checker(1));
    const chipToImage: Affine = [8, 0, 0.5, 0, 8, 0.5];
    const mean = (d: Uint8Array) => d.reduce((a, v) => a + v, 0) / d.length;
    expect(mean(warpAffine(img, chipToImage, 50, 50).data)).toBe(0);
    const filtered = extractChip(img, chipToImage, 50, 50).data;
    expect(Math.abs(mean(filtered) - 127.5)).toBeLessThan(4);
    expect(Math.max(...filtered) - Math.min(...filtered)).toBeLessThan(20);
  });

  it('keeps the geometry of the warp when it goes through the pyramid', () => {
    const wave = (t: number) => Math.round(128 + 100 * Math.sin((2 * Math.PI * (t + 0.5)) / 40));
    const img = makeImage(512, 512, (x, y) => [wave(x), wave(y), 0]);
    const chipToImage: Affine = [3 * Math.cos(0.2), -3 * Math.sin(0.2), 150, 3 * Math.sin(0.2), 3 * Math.cos(0.2), 100];
    const direct = warpAffine(img, chipToImage, 64, 64);
    const chip = extractChip(img, chipToImage, 64, 64);
    let worst = 0;
    for (let i = 0; i < chip.data.length; i++) worst = Math.max(worst, Math.abs(chip.data[i]! - direct.data[i]!));
    // A one-pixel misplacement would cost up to 16 grey levels on these 40-px waves.
    expect(worst).toBeLessThan(6);
  });
});

describe('imageToTensor and toGray', () => {
  it('normalises every pixel and computes luma', () => {
    const img = makeImage(2, 1, (x) => (x ? [255, 255, 255] : [255, 0, 0]));
    expect(Array.from(imageToTensor(img, { mean: [255, 0, 0], std: [1, 255, 1] }))).toEqual([0, 0, 0, 0, 1, 255]);
    const g = toGray(img);
    expect(g[0]).toBeCloseTo(0.299 * 255, 4);
    expect(g[1]).toBeCloseTo(255, 4);
  });
});

describe('imageToPlanes', () => {
  const img = makeImage(2, 2, (x, y) => [10 + x, 20 + y, 30]);

  it('writes normalised RGB planes, or BGR planes with the RGB-ordered normalisation still per colour', () => {
    const norm: Normalization = { mean: [10, 20, 30], std: [1, 2, 4] };
    expect([...imageToPlanes(img, norm)]).toEqual([0, 1, 0, 1, 0, 0, 0.5, 0.5, 0, 0, 0, 0]);
    expect([...imageToPlanes(img, norm, { order: 'bgr' })]).toEqual([0, 0, 0, 0, 0, 0, 0.5, 0.5, 0, 1, 0, 1]);
  });

  it('places rows in wider planes at an offset, leaving the padding untouched', () => {
    const into = new Float32Array(1 + 3 * 2 * 3).fill(-7);
    imageToPlanes(img, RAW, { into, offset: 1, planeWidth: 3 });
    expect([...into]).toEqual([-7, 10, 11, -7, 10, 11, -7, 20, 20, -7, 21, 21, -7, 30, 30, -7, 30, 30, -7]);
    expect(() => imageToPlanes(img, RAW, { planeWidth: 1 })).toThrow(RangeError);
  });
});

describe('mirrorImage', () => {
  it('mirrors every row left to right and is its own inverse', () => {
    const image = makeImage(5, 3, (x, y) => [x * 40, y * 80, (x + y) * 20]);
    const mirrored = mirrorImage(image);
    for (let y = 0; y < 3; y++) {
      for (let x = 0; x < 5; x++) {
        const at = (img: RgbImage, px: number) => Array.from(img.data.subarray((y * 5 + px) * 3, (y * 5 + px) * 3 + 3));
        expect(at(mirrored, x)).toEqual(at(image, 4 - x));
      }
    }
    expect(mirrorImage(mirrored).data).toEqual(image.data);
  });
});
