import { describe, expect, it } from 'vitest';
import {
  chipTemplate,
  DLIB_CHIP_LANDMARKS,
  DLIB_MEAN_FACE_SHAPE_X,
  DLIB_MEAN_FACE_SHAPE_Y,
  extractFaceChip,
  faceChipGeometry,
  findSimilarityTransform,
} from './faceChip.js';
import { applyAffine, type Affine, type Point } from './geometry.js';
import type { RgbImage } from './image.js';

const similarity = (scale: number, angle: number, tx: number, ty: number): Affine => [
  scale * Math.cos(angle),
  -scale * Math.sin(angle),
  tx,
  scale * Math.sin(angle),
  scale * Math.cos(angle),
  ty,
];

/** 68 landmarks whose chip-fitting points sit at `map(template)`; the unused ones are junk, which must not matter. */
function landmarksFrom(map: Affine): Point[] {
  const pts: Point[] = Array.from({ length: 68 }, (_, i) => ({ x: -1000 * i, y: 7 * i }));
  const template = chipTemplate();
  DLIB_CHIP_LANDMARKS.forEach((idx, k) => (pts[idx] = applyAffine(map, template[k]!)));
  return pts;
}

const sqError = (m: Affine, from: Point[], to: Point[]) =>
  from.reduce((acc, p, i) => {
    const q = applyAffine(m, p);
    return acc + (q.x - to[i]!.x) ** 2 + (q.y - to[i]!.y) ** 2;
  }, 0);

describe("dlib's mean face shape", () => {
  it('has 51 points (landmarks 17..67) with the published end values, and 33 fitting landmarks', () => {
    expect(DLIB_MEAN_FACE_SHAPE_X).toHaveLength(51);
    expect(DLIB_MEAN_FACE_SHAPE_Y).toHaveLength(51);
    expect([DLIB_MEAN_FACE_SHAPE_X[0], DLIB_MEAN_FACE_SHAPE_X[50]]).toEqual([0.000213256, 0.42689]);
    expect([DLIB_MEAN_FACE_SHAPE_Y[0], DLIB_MEAN_FACE_SHAPE_Y[50]]).toEqual([0.106454, 0.824182]);
    expect(DLIB_CHIP_LANDMARKS).toHaveLength(33);
    expect([DLIB_CHIP_LANDMARKS[0], DLIB_CHIP_LANDMARKS.at(-1)]).toEqual([27, 64]);
    expect(DLIB_CHIP_LANDMARKS).toContain(54);
    expect(DLIB_CHIP_LANDMARKS).toContain(60);
    expect(DLIB_CHIP_LANDMARKS).not.toContain(55);
    // Nose tip (30): x 0.490127, y 0.515625 → ((0.25 + v) / 1.5) · 150.
    const nose = chipTemplate()[DLIB_CHIP_LANDMARKS.indexOf(30)]!;
    expect(nose.x).toBeCloseTo(74.0127, 4);
    expect(nose.y).toBeCloseTo(76.5625, 4);
  });
});

describe('findSimilarityTransform', () => {
  const from = chipTemplate();

  it('recovers an exact similarity', () => {
    const s = similarity(1.7, 0.4, 12, -30);
    const fit = findSimilarityTransform(
      from,
      from.map((p) => applyAffine(s, p)),
    );
    fit.forEach((v, i) => expect(v).toBeCloseTo(s[i]!, 9));
  });

  it('never reflects, and is the least-squares optimum among similarities', () => {
    const mirrored = from.map((p) => ({ x: -p.x, y: p.y + Math.sin(p.x) }));
    const fit = findSimilarityTransform(from, mirrored);
    expect(fit[0]).toBeCloseTo(fit[4], 12);
    expect(fit[1]).toBeCloseTo(-fit[3], 12);
    const best = sqError(fit, from, mirrored);
    for (const [i, step] of [
      [0, 0.01],
      [1, 0.01],
      [2, 0.5],
      [5, 0.5],
    ] as const) {
      for (const sign of [-1, 1]) {
        const nudged = [...fit] as [number, number, number, number, number, number];
        nudged[i] += sign * step;
        if (i === 0) nudged[4] += sign * step;
        if (i === 1) nudged[3] -= sign * step;
        expect(sqError(nudged, from, mirrored)).toBeGreaterThan(best);
      }
    }
  });
});

describe('faceChipGeometry', () => {
  it('is the identity when the landmarks are the template itself', () => {
    const g = faceChipGeometry(landmarksFrom([1, 0, 0, 0, 1, 0]));
    const identity = [1, 0, 0, 0, 1, 0];
    g.chipToImage.forEach((v, i) => expect(v).toBeCloseTo(identity[i]!, 9));
    expect(g.scale).toBeCloseTo(1, 12);
    expect(g.angle).toBeCloseTo(0, 12);
  });

  it("undoes rotation, scale and translation, with dlib's (cols·s − 1)/(cols − 1) sampling scale", () => {
    const s = 2.5;
    const angle = -0.35;
    const S = similarity(s, angle, 400, 260);
    const g = faceChipGeometry(landmarksFrom(S));
    expect(g.scale).toBeCloseTo(s, 9);
    expect(g.angle).toBeCloseTo(angle, 9);
    const k = (150 * s - 1) / 149;
    const centre = applyAffine(S, { x: 75, y: 75 });
    const expected = similarity(k, angle, 0, 0);
    const withCentre: Affine = [
      expected[0],
      expected[1],
      centre.x - (expected[0] * 75 + expected[1] * 75),
      expected[3],
      expected[4],
      centre.y - (expected[3] * 75 + expected[4] * 75),
    ];
    g.chipToImage.forEach((v, i) => expect(v).toBeCloseTo(withCentre[i]!, 9));
    // Landmarks land back on the template, up to the s/k shrink about the chip centre (< 0.31 px here).
    chipTemplate().forEach((t) => {
      const back = applyAffine(g.imageToChip, applyAffine(S, t));
      expect(back.x).toBeCloseTo(75 + (s / k) * (t.x - 75), 9);
      expect(back.y).toBeCloseTo(75 + (s / k) * (t.y - 75), 9);
      expect(Math.hypot(back.x - t.x, back.y - t.y)).toBeLessThan(0.31);
    });
  });

  it('insists on 68 landmarks', () => {
    expect(() => faceChipGeometry([])).toThrow(RangeError);
  });
});

describe('extractFaceChip', () => {
  it('samples the image where the geometry says, through the pyramid for a large face', () => {
    // Colour encodes position: R and G are 40-px sine waves along x and y (up to 16 grey levels per pixel).
    const W = 600;
    const wave = (t: number) => 128 + 100 * Math.sin((2 * Math.PI * t) / 40);
    const data = new Uint8Array(W * W * 3);
    for (let y = 0; y < W; y++) {
      for (let x = 0; x < W; x++) data.set([Math.round(wave(x + 0.5)), Math.round(wave(y + 0.5)), 50], (y * W + x) * 3);
    }
    const image: RgbImage = { data, width: W, height: W };
    const landmarks = landmarksFrom(similarity(2.5, 0.3, 210, 110));
    const chip = extractFaceChip(image, landmarks);
    expect([chip.width, chip.height]).toEqual([150, 150]);
    const { chipToImage } = faceChipGeometry(landmarks);
    let worst = 0;
    for (let j = 5; j < 145; j += 3) {
      for (let i = 5; i < 145; i += 3) {
        const p = applyAffine(chipToImage, { x: i + 0.5, y: j + 0.5 });
        const o = (j * 150 + i) * 3;
        worst = Math.max(worst, Math.abs(chip.data[o]! - wave(p.x)), Math.abs(chip.data[o + 1]! - wave(p.y)));
      }
    }
    // Filtering and bilinear sampling soften the wave by a few levels; a one-pixel misplacement costs up to 16.
    expect(worst).toBeLessThan(6);
  });
});
