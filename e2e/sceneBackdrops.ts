import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { seededRandom } from '../src-main/core/cluster/random.js';

/*
 * Photos of a few visually distinct places for the scenes spec, drawn rather than shipped: a sky (a blue gradient
 * with soft cloud bands), foliage (green blotches), and a dim room (dark warm tones with lamp glows). Each photo of a
 * place differs in its seed (offsets, blotches, noise), so the photos are alike as one place's photos are, never
 * identical.
 */

export const BACKDROPS = ['sky', 'foliage', 'room'] as const;
export type Backdrop = (typeof BACKDROPS)[number];

const WIDTH = 480;
const HEIGHT = 360;

type Rgb = [number, number, number];
type Spot = Readonly<{ x: number; y: number; r: number; strength: number }>;

function spots(next: () => number, count: number, radius: [number, number]): Spot[] {
  return Array.from({ length: count }, () => ({
    x: next() * WIDTH,
    y: next() * HEIGHT,
    r: radius[0] + next() * (radius[1] - radius[0]),
    strength: 0.5 + next() * 0.5,
  }));
}

/** How much of the spots' light falls on a pixel, 0..~1. */
function glow(x: number, y: number, list: readonly Spot[]): number {
  let sum = 0;
  for (const spot of list) {
    const d2 = ((x - spot.x) ** 2 + (y - spot.y) ** 2) / (spot.r * spot.r);
    if (d2 < 4) sum += spot.strength * Math.exp(-d2);
  }
  return Math.min(1, sum);
}

function pixelOf(backdrop: Backdrop, x: number, y: number, shape: readonly Spot[], phase: number): Rgb {
  const v = y / HEIGHT;
  switch (backdrop) {
    case 'sky': {
      const cloud = glow(x, y, shape) * (0.6 + 0.4 * Math.sin(x / 37 + phase));
      return [70 + 90 * v + 120 * cloud, 130 + 80 * v + 90 * cloud, 225 + 25 * v + 20 * cloud];
    }
    case 'foliage': {
      const leaf = glow(x, y, shape);
      const vein = 0.5 + 0.5 * Math.sin((x + y) / 9 + phase);
      return [30 + 40 * leaf, 80 + 110 * leaf + 25 * vein, 25 + 30 * leaf];
    }
    case 'room': {
      const lamp = glow(x, y, shape);
      const floor = v > 0.7 ? 12 : 0;
      return [40 + 150 * lamp + floor, 28 + 105 * lamp + floor, 20 + 45 * lamp];
    }
  }
}

const SHAPES: Readonly<Record<Backdrop, Readonly<{ count: number; radius: [number, number] }>>> = {
  sky: { count: 6, radius: [40, 110] },
  foliage: { count: 60, radius: [10, 30] },
  room: { count: 3, radius: [30, 70] },
};

/** One JPEG of a place; `seed` varies it. */
export async function renderBackdrop(backdrop: Backdrop, seed: number): Promise<Buffer> {
  // Seeded, so a failing run can be drawn again exactly.
  const next = seededRandom(seed * 7919 + BACKDROPS.indexOf(backdrop) + 1);
  const shape = spots(next, SHAPES[backdrop].count, SHAPES[backdrop].radius);
  const phase = next() * Math.PI * 2;
  const pixels = Buffer.alloc(WIDTH * HEIGHT * 3);
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      const rgb = pixelOf(backdrop, x, y, shape, phase);
      const offset = (y * WIDTH + x) * 3;
      for (let c = 0; c < 3; c++) {
        const noisy = rgb[c]! + (next() - 0.5) * 24;
        pixels[offset + c] = Math.max(0, Math.min(255, Math.round(noisy)));
      }
    }
  }
  return sharp(pixels, { raw: { width: WIDTH, height: HEIGHT, channels: 3 } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

/** Writes `perBackdrop` photos of every place into dir/scenes/<place>-<n>.jpg; resolves the names written. */
export async function writeBackdrops(dir: string, perBackdrop: number): Promise<string[]> {
  const folder = join(dir, 'scenes');
  await mkdir(folder, { recursive: true });
  const names: string[] = [];
  for (const backdrop of BACKDROPS) {
    for (let n = 1; n <= perBackdrop; n++) {
      const name = `${backdrop}-${n}.jpg`;
      await writeFile(join(folder, name), await renderBackdrop(backdrop, n));
      names.push(name);
    }
  }
  return names;
}
