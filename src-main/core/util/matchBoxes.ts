import type { RelativeBox } from '../../../src-shared/types/face.js';

export function boxIou(a: RelativeBox, b: RelativeBox): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  if (w <= 0 || h <= 0) return 0;
  const inter = w * h;
  return inter / (a.width * a.height + b.width * b.height - inter);
}

/**
 * Pairs boxes of `before` with boxes of `after` one to one, best overlap first, keeping pairs with IoU ≥ `minIou`.
 * Used to recognise "the same face" when a photo is analysed again (new models, edited file).
 * Returns, per index of `after`, the index of its partner in `before` or -1.
 */
export function matchBoxes(before: readonly RelativeBox[], after: readonly RelativeBox[], minIou = 0.5): number[] {
  const pairs: { i: number; j: number; iou: number }[] = [];
  before.forEach((a, i) =>
    after.forEach((b, j) => {
      const iou = boxIou(a, b);
      if (iou >= minIou) pairs.push({ i, j, iou });
    }),
  );
  pairs.sort((p, q) => q.iou - p.iou || p.i - q.i || p.j - q.j);
  const partner = new Array<number>(after.length).fill(-1);
  const taken = new Set<number>();
  for (const { i, j } of pairs) {
    if (partner[j] !== -1 || taken.has(i)) continue;
    partner[j] = i;
    taken.add(i);
  }
  return partner;
}
