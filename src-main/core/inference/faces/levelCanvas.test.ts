import { describe, expect, it } from 'vitest';
import { BLAZEFACE_NORMALIZATION, cropResizeToTensor, type RgbImage } from '../preprocess/image.js';
import { planPyramid } from '../preprocess/pyramid.js';
import { levelCanvases } from './levelCanvas.js';

function waves(width: number, height: number): RgbImage {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const x = i % width;
    const y = Math.floor(i / width);
    const wave = (v: number) => Math.round(128 + 100 * Math.sin(v));
    data.set([wave(x / 19 + y / 23), wave(x / 31 - y / 17), wave((x + y) / 40)], i * 3);
  }
  return { data, width, height };
}

/** Each yielded canvas copied (the generator overwrites one buffer). */
async function canvases(image: RgbImage) {
  const levels = planPyramid(image.width, image.height);
  const out: Float32Array[] = [];
  for await (const { input } of levelCanvases(image, levels)) out.push(input.slice());
  return { levels, out };
}

describe('levelCanvases', () => {
  it('gives each level the whole image resampled to its size at the top-left, the rest black, as RGB planes', async () => {
    const image = waves(1200, 900);
    const { levels, out } = await canvases(image);
    expect(out).toHaveLength(levels.length);
    levels.forEach((level, i) => {
      const { width, height, canvas } = level;
      const plane = canvas.width * canvas.height;
      expect(out[i]).toHaveLength(plane * 3);
      const alone = cropResizeToTensor(
        image,
        { x: 0, y: 0, width: image.width, height: image.height },
        width,
        height,
        BLAZEFACE_NORMALIZATION,
      );
      let total = 0;
      let padding = 0;
      let black = 0;
      for (let c = 0; c < 3; c++)
        for (let y = 0; y < canvas.height; y++)
          for (let x = 0; x < canvas.width; x++) {
            const v = out[i]![c * plane + y * canvas.width + x]!;
            if (x < width && y < height) {
              total += Math.abs(v - alone[(y * width + x) * 3 + c]!);
            } else {
              padding++;
              if (v === -1) black++;
            }
          }
      // Two resamplers (libvips lanczos, chained from the finer level, vs the triangle filter) differ a little.
      expect((total / (width * height * 3)) * 127.5, `level ${i}`).toBeLessThan(6);
      expect(padding).toBe((plane - width * height) * 3);
      expect(black).toBe(padding);
    });
  });

  it('leaves nothing of an earlier, larger photo in a later canvas', async () => {
    await canvases({ data: new Uint8Array(1000 * 700 * 3).fill(255), width: 1000, height: 700 });
    const { levels, out } = await canvases({ data: new Uint8Array(90 * 50 * 3).fill(255), width: 90, height: 50 });
    const [{ width, height, canvas }] = levels as [(typeof levels)[0]];
    const ones = out[0]!.filter((v) => v === 1).length;
    expect(ones).toBe(width * height * 3);
    expect(out[0]!.length - ones).toBe((canvas.width * canvas.height - width * height) * 3);
  });
});
