import { describe, expect, it } from 'vitest';
import { BLAZEFACE_NORMALIZATION, cropResizeToTensor } from '../preprocess/image.js';
import { planTiles } from '../preprocess/tiles.js';
import { tilesToTensor } from './tileTensor.js';

describe('tilesToTensor', () => {
  it('gives each tile, in plan order, what resampling its region alone gives', async () => {
    const W = 1200;
    const H = 900;
    const data = new Uint8Array(W * H * 3);
    for (let i = 0; i < W * H; i++) {
      const x = i % W;
      const y = Math.floor(i / W);
      const wave = (v: number) => Math.round(128 + 100 * Math.sin(v));
      data.set([wave(x / 19 + y / 23), wave(x / 31 - y / 17), wave((x + y) / 40)], i * 3);
    }
    const image = { data, width: W, height: H };
    const { tiles } = planTiles(W, H);
    const batch = await tilesToTensor(image, tiles);
    const perTile = 256 * 256 * 3;
    expect(batch).toHaveLength(tiles.length * perTile);
    tiles.forEach((t, i) => {
      const alone = cropResizeToTensor(
        image,
        { x: t.x, y: t.y, width: t.size, height: t.size },
        256,
        256,
        BLAZEFACE_NORMALIZATION,
      );
      const slot = batch.subarray(i * perTile, (i + 1) * perTile);
      let total = 0;
      for (let k = 0; k < perTile; k++) total += Math.abs(slot[k]! - alone[k]!);
      // Two resamplers (libvips vs the triangle filter) and a half-pixel snap differ a little, not in content.
      expect((total / perTile) * 127.5, `tile ${i} (${t.size} px)`).toBeLessThan(6);
    });
  });

  it('fills what lies outside the image with black', async () => {
    const image = { data: new Uint8Array(100 * 50 * 3).fill(255), width: 100, height: 50 };
    const [tile] = planTiles(100, 50).tiles;
    const batch = await tilesToTensor(image, [tile!]);
    // Letterboxed: the middle row is image (white → 1), the first and last rows lie outside it (black → −1).
    const middle = 128 * 256 * 3 + 128 * 3;
    expect(batch[middle]).toBeCloseTo(1, 3);
    expect(batch[0]).toBe(-1);
    expect(batch[batch.length - 1]).toBe(-1);
  });
});
