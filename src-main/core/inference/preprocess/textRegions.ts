/**
 * Post-processing of a DB (differentiable binarization) text detector such as PP-OCRv4's: its output is a per-pixel
 * probability of lying in a text kernel, a text region shrunk by a margin. Regions are the connected components of
 * the thresholded map, each fitted with its minimum-area rotated rectangle, scored by its mean probability, then
 * grown back by the margin ("unclip"). Defaults are PaddleOCR's inference defaults (DBPostProcess).
 *
 * Coordinates are those of the probability map, pixel (i, j) centred at (i + 0.5, j + 0.5) as in geometry.ts.
 */
import type { Point } from './geometry.js';

/** A rectangle of any rotation: `axis` is the unit direction of its width, within 45° of +x (text reads along it). */
export type RotatedRect = Readonly<{ center: Point; axis: Point; width: number; height: number }>;

/** Four corners clockwise from the top-left (in the reading direction): top-left, top-right, bottom-right, bottom-left. */
export type Quad = readonly [Point, Point, Point, Point];

export type TextRegion = Readonly<{ rect: RotatedRect; score: number }>;

export type TextRegionOptions = Readonly<{
  /** Pixels above this probability are text. */
  threshold: number;
  /** A region is kept when the mean probability over its pixels reaches this. */
  minScore: number;
  /** The kernel is grown by area · ratio / perimeter on every side (DB's inverse of its training-time shrink). */
  unclipRatio: number;
  /** Minimum short side of the fitted rectangle, before unclipping (after: this + 2). */
  minSide: number;
  /** At most this many regions, the best scored (a photo of a newspaper page can have thousands of fragments). */
  maxRegions: number;
}>;

export const DB_DEFAULTS: TextRegionOptions = {
  threshold: 0.3,
  minScore: 0.6,
  unclipRatio: 1.5,
  minSide: 3,
  maxRegions: 1000,
};

const cross = (o: Point, a: Point, b: Point) => (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);

/** Convex hull (Andrew's monotone chain), counter-clockwise in y-up terms, without collinear points. */
export function convexHull(points: readonly Point[]): Point[] {
  const sorted = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  if (sorted.length < 3) return sorted;
  const half = (list: readonly Point[]): Point[] => {
    const out: Point[] = [];
    for (const p of list) {
      while (out.length >= 2 && cross(out[out.length - 2]!, out[out.length - 1]!, p) <= 0) out.pop();
      out.push(p);
    }
    out.pop();
    return out;
  };
  return [...half(sorted), ...half([...sorted].reverse())];
}

/** Turns a direction by multiples of 90° until it is the one closest to +x (ties go to the one pointing up). */
function towardsPlusX(d: Point): Point {
  const candidates: Point[] = [d, { x: -d.y, y: d.x }, { x: -d.x, y: -d.y }, { x: d.y, y: -d.x }];
  return candidates.reduce((best, c) =>
    c.x > best.x + 1e-12 || (Math.abs(c.x - best.x) <= 1e-12 && c.y < best.y) ? c : best,
  );
}

/**
 * The minimum-area rectangle enclosing `points` (rotating calipers: one side of the optimum lies on a hull edge).
 * A single point or a segment gives a rectangle of zero height.
 */
export function minAreaRect(points: readonly Point[]): RotatedRect {
  const hull = convexHull(points);
  if (hull.length === 0) throw new RangeError('no points');
  const edges =
    hull.length === 1
      ? [{ x: 1, y: 0 }]
      : hull.map((p, i) => {
          const q = hull[(i + 1) % hull.length]!;
          const length = Math.hypot(q.x - p.x, q.y - p.y);
          return { x: (q.x - p.x) / length, y: (q.y - p.y) / length };
        });
  let best: RotatedRect | undefined;
  let bestArea = Infinity;
  for (const edge of edges) {
    const u = towardsPlusX(edge);
    const v = { x: -u.y, y: u.x };
    let minU = Infinity;
    let maxU = -Infinity;
    let minV = Infinity;
    let maxV = -Infinity;
    for (const p of hull) {
      const a = p.x * u.x + p.y * u.y;
      const b = p.x * v.x + p.y * v.y;
      minU = Math.min(minU, a);
      maxU = Math.max(maxU, a);
      minV = Math.min(minV, b);
      maxV = Math.max(maxV, b);
    }
    const area = (maxU - minU) * (maxV - minV);
    if (area < bestArea - 1e-9) {
      bestArea = area;
      const cu = (minU + maxU) / 2;
      const cv = (minV + maxV) / 2;
      best = {
        center: { x: cu * u.x + cv * v.x, y: cu * u.y + cv * v.y },
        axis: u,
        width: maxU - minU,
        height: maxV - minV,
      };
    }
  }
  return best!;
}

export function rectCorners(r: RotatedRect): Quad {
  const { center: c, axis: u } = r;
  const v = { x: -u.y, y: u.x };
  const at = (su: number, sv: number): Point => ({
    x: c.x + (su * r.width * u.x + sv * r.height * v.x) / 2,
    y: c.y + (su * r.width * u.y + sv * r.height * v.y) / 2,
  });
  return [at(-1, -1), at(1, -1), at(1, 1), at(-1, 1)];
}

/**
 * Grows a rectangle by DB's unclip distance on every side. Upstream offsets the polygon with round joins and refits a
 * rectangle, which for a rectangle is exactly this.
 */
export function unclipRect(r: RotatedRect, ratio: number): RotatedRect {
  const perimeter = 2 * (r.width + r.height);
  const distance = perimeter > 0 ? (r.width * r.height * ratio) / perimeter : 0;
  return { ...r, width: r.width + 2 * distance, height: r.height + 2 * distance };
}

/** One component's outline points (the first and last pixel centre of each of its rows) and its mean probability. */
function componentSummary(
  members: Int32Array,
  count: number,
  width: number,
  probability: Float32Array,
): { outline: Point[]; score: number } {
  let sum = 0;
  let top = Infinity;
  let bottom = -Infinity;
  for (let k = 0; k < count; k++) {
    const y = Math.floor(members[k]! / width);
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
    sum += probability[members[k]!]!;
  }
  const rows = bottom - top + 1;
  const left = new Int32Array(rows).fill(width);
  const right = new Int32Array(rows).fill(-1);
  for (let k = 0; k < count; k++) {
    const i = members[k]!;
    const row = Math.floor(i / width) - top;
    const x = i % width;
    if (x < left[row]!) left[row] = x;
    if (x > right[row]!) right[row] = x;
  }
  const outline: Point[] = [];
  for (let r = 0; r < rows; r++) {
    outline.push({ x: left[r]! + 0.5, y: top + r + 0.5 });
    if (right[r] !== left[r]) outline.push({ x: right[r]! + 0.5, y: top + r + 0.5 });
  }
  return { outline, score: sum / count };
}

/** Text regions in a DB probability map (row-major, width × height), best scored first. */
export function textRegions(
  probability: Float32Array,
  width: number,
  height: number,
  options: TextRegionOptions = DB_DEFAULTS,
): TextRegion[] {
  if (probability.length !== width * height) throw new RangeError('probability map size mismatch');
  const visited = new Uint8Array(width * height);
  const stack = new Int32Array(width * height);
  const members = new Int32Array(width * height);
  const found: TextRegion[] = [];
  const minPixels = options.minSide * options.minSide;
  for (let start = 0; start < probability.length; start++) {
    if (visited[start] || !(probability[start]! > options.threshold)) continue;
    // Flood fill with 8-connectivity, as OpenCV's contours of a binary map connect diagonal neighbours.
    let top = 0;
    let count = 0;
    stack[top++] = start;
    visited[start] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      members[count++] = i;
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const j = ny * width + nx;
          if (!visited[j] && probability[j]! > options.threshold) {
            visited[j] = 1;
            stack[top++] = j;
          }
        }
      }
    }
    // A rectangle whose short side spans minSide between pixel centres covers at least minSide² pixels.
    if (count < minPixels) continue;
    const { outline, score } = componentSummary(members, count, width, probability);
    if (score < options.minScore) continue;
    const rect = minAreaRect(outline);
    if (Math.min(rect.width, rect.height) < options.minSide) continue;
    const grown = unclipRect(rect, options.unclipRatio);
    if (Math.min(grown.width, grown.height) < options.minSide + 2) continue;
    found.push({ rect: grown, score });
  }
  return found.sort((a, b) => b.score - a.score).slice(0, options.maxRegions);
}

/**
 * Reading order: lines top to bottom, each left to right. A rectangle joins the line above when their centres are
 * closer vertically than half the smaller of their heights.
 */
export function readingOrder<T extends { rect: RotatedRect }>(items: readonly T[]): T[] {
  const byY = [...items].sort((a, b) => a.rect.center.y - b.rect.center.y);
  const lines: T[][] = [];
  for (const item of byY) {
    const line = lines[lines.length - 1];
    const last = line?.[line.length - 1];
    const sameLine =
      last !== undefined &&
      Math.abs(item.rect.center.y - last.rect.center.y) < Math.min(item.rect.height, last.rect.height) / 2;
    if (sameLine) line!.push(item);
    else lines.push([item]);
  }
  return lines.flatMap((line) => line.sort((a, b) => a.rect.center.x - b.rect.center.x));
}
