import { describe, expect, it } from 'vitest';
import { COCO_LABELS, isCocoLabel } from './cocoLabels.js';
import {
  NANODET_CELL_COUNT,
  NANODET_CLASSES,
  NANODET_INPUT_SIZE,
  NANODET_REG_MAX,
  decodeNanoDet,
  detectionsToImage,
  nanoDetInput,
  tagsOf,
  toBgrPlanes,
  type ObjectDetection,
} from './nanodet.js';

const BINS = NANODET_REG_MAX + 1;

/** Raw model outputs, all cells empty (score 0, uniform distributions) unless set. */
function emptyOutput() {
  return {
    scores: new Float32Array(NANODET_CELL_COUNT * NANODET_CLASSES),
    distributions: new Float32Array(NANODET_CELL_COUNT * 4 * BINS),
  };
}

/** The output index of a cell: stride 8 cells first (52×52), then 16 (26×26), then 32 (13×13). */
function cellIndex(stride: 8 | 16 | 32, row: number, column: number): number {
  const before = { 8: 0, 16: 52 * 52, 32: 52 * 52 + 26 * 26 }[stride];
  return before + row * (NANODET_INPUT_SIZE / stride) + column;
}

/** Sets a cell's class score and its edge distances (in strides, integers: a near one-hot distribution each). */
function setCell(
  out: ReturnType<typeof emptyOutput>,
  cell: number,
  classIndex: number,
  score: number,
  edges: readonly [number, number, number, number],
) {
  out.scores[cell * NANODET_CLASSES + classIndex] = score;
  edges.forEach((bin, edge) => {
    for (let k = 0; k < BINS; k++) out.distributions[cell * 4 * BINS + edge * BINS + k] = k === bin ? 40 : 0;
  });
}

describe('COCO labels', () => {
  it('are the 80 COCO 2017 names in class order', () => {
    expect(COCO_LABELS).toHaveLength(80);
    expect(new Set(COCO_LABELS).size).toBe(80);
    expect([COCO_LABELS[0], COCO_LABELS[16], COCO_LABELS[57], COCO_LABELS[62], COCO_LABELS[79]]).toEqual([
      'person',
      'dog',
      'couch',
      'tv',
      'toothbrush',
    ]);
    expect(isCocoLabel('dining table')).toBe(true);
    expect(isCocoLabel('sofa')).toBe(false);
  });
});

describe('NanoDet input', () => {
  it('rewrites RGB pixels as B, G, R planes', () => {
    const rgb = Float32Array.from([1, 2, 3, 4, 5, 6]);
    expect([...toBgrPlanes(rgb, 2, 1)]).toEqual([3, 6, 2, 5, 1, 4]);
    expect(() => toBgrPlanes(rgb, 3, 1)).toThrow(RangeError);
  });

  it('letterboxes a wide photo: centred, black bands normalised as upstream, BGR planes', () => {
    const width = 832;
    const height = 416;
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < width * height; i++) data[i * 3] = 255; // pure red
    const { tensor, dims, transform } = nanoDetInput({ data, width, height });
    expect(dims).toEqual([1, 3, 416, 416]);
    const plane = 416 * 416;
    const at = (channel: number, y: number, x: number) => tensor[channel * plane + y * 416 + x]!;
    // The photo fills rows 104..311; blue plane first (upstream BGR mean/std).
    expect(at(0, 208, 208)).toBeCloseTo((0 - 103.53) / 57.375, 5);
    expect(at(1, 208, 208)).toBeCloseTo((0 - 116.28) / 57.12, 5);
    expect(at(2, 208, 208)).toBeCloseTo((255 - 123.675) / 58.395, 5);
    // The border is black (0 before normalisation) in every plane.
    expect(at(2, 50, 208)).toBeCloseTo((0 - 123.675) / 58.395, 5);
    expect(at(2, 350, 10)).toBeCloseTo((0 - 123.675) / 58.395, 5);
    expect(transform.scaleX).toBeCloseTo(0.5);
    expect(transform.offsetY).toBeCloseTo(104);
  });
});

describe('decodeNanoDet', () => {
  it('decodes a cell: centre ± expected distances × stride, in input pixels', () => {
    const out = emptyOutput();
    setCell(out, cellIndex(16, 3, 5), 16, 0.9, [2, 3, 1, 4]);
    const [dog, ...rest] = decodeNanoDet(out);
    expect(rest).toEqual([]);
    expect(dog!.label).toBe('dog');
    expect(dog!.score).toBeCloseTo(0.9, 6);
    // Centre (5.5·16, 3.5·16) = (88, 56); left 32, top 48, right 16, bottom 64.
    expect(dog!.box.x).toBeCloseTo(56, 4);
    expect(dog!.box.y).toBeCloseTo(8, 4);
    expect(dog!.box.width).toBeCloseTo(48, 4);
    expect(dog!.box.height).toBeCloseTo(112, 4);
  });

  it('reads a distribution by its expected value, not its argmax, and clips boxes to the input', () => {
    const out = emptyOutput();
    const cell = cellIndex(32, 0, 0);
    out.scores[cell * NANODET_CLASSES] = 0.8;
    // Uniform logits: expected 5 strides on every side; the centre (16, 16) puts left and top outside the input.
    const [person] = decodeNanoDet(out);
    expect(person!.box).toEqual({ x: 0, y: 0, width: 16 + 160, height: 16 + 160 });
    // Half the mass on bin 2, half on bin 6: expected 4, where an argmax reads 2.
    const two = cellIndex(8, 20, 20);
    setCell(out, two, 2, 0.7, [2, 2, 2, 2]);
    for (let edge = 0; edge < 4; edge++) out.distributions[two * 4 * BINS + edge * BINS + 6] = 40;
    const car = decodeNanoDet(out).find((d) => d.label === 'car')!;
    expect(car.box.x).toBeCloseTo(20.5 * 8 - 4 * 8, 4);
    expect(car.box.width).toBeCloseTo(8 * 8, 4);
  });

  it('suppresses overlaps within a class only, keeps the best, and honours threshold and maximum', () => {
    const out = emptyOutput();
    setCell(out, cellIndex(16, 10, 10), 0, 0.9, [3, 3, 3, 3]);
    setCell(out, cellIndex(16, 10, 11), 0, 0.6, [3, 3, 3, 3]); // same person, one cell over
    out.scores[cellIndex(16, 10, 11) * NANODET_CLASSES + 26] = 0.5; // a handbag in the same place
    setCell(out, cellIndex(8, 2, 2), 39, 0.04, [1, 1, 1, 1]); // below upstream's 0.05
    const found = decodeNanoDet(out);
    expect(found.map((d) => [d.label, Number(d.score.toFixed(2))])).toEqual([
      ['person', 0.9],
      ['handbag', 0.5],
    ]);
    expect(decodeNanoDet(out, { scoreThreshold: 0.55 }).map((d) => d.label)).toEqual(['person']);
    expect(decodeNanoDet(out, { iouThreshold: 0.95 }).map((d) => d.label)).toEqual(['person', 'person', 'handbag']);
    expect(decodeNanoDet(out, { maxDetections: 1 })).toHaveLength(1);
  });

  it('refuses outputs of the wrong size', () => {
    expect(() => decodeNanoDet({ scores: new Float32Array(10), distributions: new Float32Array(10) })).toThrow(
      RangeError,
    );
  });
});

describe('detections in photo pixels and tags', () => {
  const detection = (label: ObjectDetection['label'], score: number, box = { x: 0, y: 104, width: 208, height: 208 }) =>
    ({ label, classIndex: COCO_LABELS.indexOf(label), score, box }) as ObjectDetection;

  it('maps boxes back through the letterbox and clips them to the photo', () => {
    const { transform } = nanoDetInput({ data: new Uint8Array(832 * 416 * 3), width: 832, height: 416 });
    const [inside, over] = detectionsToImage(
      [detection('cat', 0.9), detection('dog', 0.8, { x: 300, y: 80, width: 200, height: 100 })],
      transform,
      832,
      416,
    );
    expect(inside!.box).toEqual({ x: 0, y: 0, width: 416, height: 416 });
    // y 80 is in the top band (above row 104): clipped to the photo's top; x 300 + 200 past the input's right edge.
    expect(over!.box.y).toBe(0);
    expect(over!.box.x).toBeCloseTo(600);
    expect(over!.box.x + over!.box.width).toBeCloseTo(832);
  });

  it('tags each label once with its best score and detection count, best first', () => {
    const tags = tagsOf(
      [detection('dog', 0.4), detection('person', 0.9), detection('dog', 0.7), detection('cup', 0.2)],
      0.3,
    );
    expect(tags).toEqual([
      { label: 'person', score: 0.9, count: 1 },
      { label: 'dog', score: 0.7, count: 2 },
    ]);
  });
});
