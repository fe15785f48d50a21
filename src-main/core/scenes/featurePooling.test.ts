import { describe, expect, it } from 'vitest';
import { cellWeights, poolFeatureMap, WHOLE_MAP } from './featurePooling.js';
import { backboneGistDescriptor, backboneGistDimension } from './sceneDescriptors.js';
import type { SceneImage } from './sceneImage.js';

const SIDE = 8;
const image = (weight: (x: number) => number): SceneImage => ({
  side: SIDE,
  rgb: new Float32Array(SIDE * SIDE * 3),
  weight: Float32Array.from({ length: SIDE * SIDE }, (_, i) => weight(i % SIDE)),
});

describe('poolFeatureMap', () => {
  // Two channels on a 1×2 map: the left cell fires channel 0, the right cell channel 1.
  const map = { channels: 2, height: 1, width: 2, data: Float32Array.from([4, 0, 0, 9]), photo: WHOLE_MAP };

  it('averages over the background only', () => {
    const leftIsPerson = poolFeatureMap(
      map,
      image((x) => (x < 4 ? 0 : 1)),
    );
    expect(Array.from(leftIsPerson)).toEqual([0, 1]);
    const all = poolFeatureMap(
      map,
      image(() => 1),
    );
    // Means 2 and 4.5, square-rooted: √2 : √4.5 = 2 : 3.
    expect(all[0]! / all[1]!).toBeCloseTo(2 / 3, 6);
  });

  it('pools a letterboxed map over the cells that show the photo, weighed by how much of each they show', () => {
    // A 4-row map whose input showed the photo in its middle half (rows 1 and 2); rows 0 and 3 are padding.
    const band = { x: 0, y: 0.25, width: 1, height: 0.5 };
    expect(
      Array.from(
        cellWeights(
          image(() => 1),
          1,
          4,
          band,
        ),
      ),
    ).toEqual([0, 1, 1, 0]);
    // Shifted by half a cell, the photo covers rows 0.5..2.5: half of row 0 and of row 2.
    expect(
      Array.from(
        cellWeights(
          image(() => 1),
          1,
          4,
          { ...band, y: 0.125 },
        ),
      ),
    ).toEqual([0.5, 1, 0.5, 0]);
    // The people's pixels (the photo's left half) map into the band's cells, not the padding's.
    const person = cellWeights(
      image((x) => (x < 4 ? 0 : 1)),
      2,
      4,
      band,
    );
    expect(Array.from(person)).toEqual([0, 0, 0, 1, 0, 1, 0, 0]);
    // A 2-row map showing the photo in its lower row: channel 0 fires on the padding, channel 1 on the photo.
    const lower = { x: 0, y: 0.5, width: 1, height: 0.5 };
    const padded = { channels: 2, height: 2, width: 1, data: Float32Array.from([7, 0, 0, 5]), photo: lower };
    expect(
      Array.from(
        poolFeatureMap(
          padded,
          image(() => 1),
        ),
      ),
    ).toEqual([0, 1]);
  });

  it('still describes a photo that is all person', () => {
    const v = poolFeatureMap(
      map,
      image(() => 0),
    );
    expect(Math.hypot(...v)).toBeCloseTo(1, 6);
  });

  it('refuses a map whose values do not match its shape', () => {
    expect(() =>
      poolFeatureMap(
        { ...map, channels: 3 },
        image(() => 1),
      ),
    ).toThrow(/values/);
  });
});

describe('backboneGistDescriptor', () => {
  it('puts pooled features and GIST side by side, unit length', () => {
    const side = 64;
    const img: SceneImage = {
      side,
      rgb: Float32Array.from({ length: side * side * 3 }, (_, i) => (i * 37) % 255),
      weight: new Float32Array(side * side).fill(1),
    };
    const features = {
      channels: 4,
      height: 2,
      width: 2,
      data: Float32Array.from({ length: 16 }, (_, i) => i),
      photo: WHOLE_MAP,
    };
    const v = backboneGistDescriptor(features, img);
    expect(v.length).toBe(backboneGistDimension(4));
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    // Each half carries half the squared length.
    expect(Math.hypot(...v.subarray(0, 4)) ** 2).toBeCloseTo(0.5, 5);
  });
});
