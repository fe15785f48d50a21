/**
 * Shared geometry for the face path.
 *
 * Coordinate convention (everywhere in preprocess/): continuous image coordinates in which pixel (i, j) covers
 * [i, i+1) × [j, j+1), so its centre is (i + 0.5, j + 0.5). A box `{x, y, width, height}` covers
 * [x, x+width) × [y, y+height); an integer box covers whole pixels. This is the convention of half-pixel-centred
 * resampling and of BlazeFace's anchors (cell centres at stride·(g + 0.5)). dlib puts pixel centres on integers;
 * faceChip.ts converts at its boundary.
 */

export type Point = { x: number; y: number };

export type Box = { x: number; y: number; width: number; height: number };

/**
 * A 2×3 affine map, row-major: x' = a·x + b·y + c, y' = d·x + e·y + f.
 * Named by direction at the use site (e.g. `chipToImage`) so a caller never has to guess which way it goes.
 */
export type Affine = readonly [a: number, b: number, c: number, d: number, e: number, f: number];

/** A detected face in some image's coordinates. `keypoints` are model-specific (BlazeFace: 6). */
export type FaceDetection = { box: Box; score: number; keypoints: Point[] };

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] };
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m;
  const det = a * e - b * d;
  if (det === 0 || !Number.isFinite(det)) throw new RangeError('affine map is not invertible');
  const ia = e / det;
  const ib = -b / det;
  const id = -d / det;
  const ie = a / det;
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)];
}

/** `outer ∘ inner`: first `inner`, then `outer`. */
export function composeAffine(outer: Affine, inner: Affine): Affine {
  const [a, b, c, d, e, f] = outer;
  const [p, q, r, s, t, u] = inner;
  return [a * p + b * s, a * q + b * t, a * r + b * u + c, d * p + e * s, d * q + e * t, d * r + e * u + f];
}

/** Mean linear scale of the map (√|det|): how many output units one input unit becomes. */
export function affineScale(m: Affine): number {
  return Math.sqrt(Math.abs(m[0] * m[4] - m[1] * m[3]));
}

export function boxArea(b: Box): number {
  return Math.max(0, b.width) * Math.max(0, b.height);
}

export function intersectionArea(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

export function boxCenter(b: Box): Point {
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** The square of side `side` centred on `center`. */
export function squareAround(center: Point, side: number): Box {
  return { x: center.x - side / 2, y: center.y - side / 2, width: side, height: side };
}

export function meanPoint(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / points.length, y: y / points.length };
}
