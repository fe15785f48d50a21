import { describe, expect, it } from 'vitest';
import { affineScale, applyAffine, composeAffine, intersectionArea, invertAffine, type Affine } from './geometry.js';

describe('affine maps', () => {
  const m: Affine = [2 * Math.cos(0.3), -2 * Math.sin(0.3), 5, 2 * Math.sin(0.3), 2 * Math.cos(0.3), -7];

  it('inverts: m⁻¹(m(p)) = p', () => {
    const p = { x: 13.25, y: -4.5 };
    const back = applyAffine(invertAffine(m), applyAffine(m, p));
    expect(back.x).toBeCloseTo(p.x, 12);
    expect(back.y).toBeCloseTo(p.y, 12);
  });

  it('composes in the stated order (inner first)', () => {
    const shift: Affine = [1, 0, 10, 0, 1, 20];
    const p = { x: 1, y: 2 };
    const viaCompose = applyAffine(composeAffine(shift, m), p);
    const stepwise = applyAffine(shift, applyAffine(m, p));
    expect(viaCompose.x).toBeCloseTo(stepwise.x, 12);
    expect(viaCompose.y).toBeCloseTo(stepwise.y, 12);
  });

  it('reports the uniform scale and refuses singular maps', () => {
    expect(affineScale(m)).toBeCloseTo(2, 12);
    expect(() => invertAffine([1, 2, 0, 2, 4, 0])).toThrow(RangeError);
  });
});

describe('boxes', () => {
  it('intersects half-open boxes; touching edges do not overlap', () => {
    expect(intersectionArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 5, y: 5, width: 10, height: 10 })).toBe(25);
    expect(intersectionArea({ x: 0, y: 0, width: 10, height: 10 }, { x: 10, y: 0, width: 10, height: 10 })).toBe(0);
  });
});
