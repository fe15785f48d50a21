import { BLAZEFACE_INPUT_SIZE } from './blazeface.js';
import { letterboxRegion } from './image.js';

/**
 * The multi-scale plan for BlazeFace: which face sizes each level of the image pyramid covers (pyramid.ts runs each
 * level fully convolutionally; the tiles here are the plan's unit of cost and coverage, and what it was measured with).
 *
 * BlazeFace was trained on a fixed 256×256 input, and one pass over a whole photo misses small faces (MODEL_NOTES:
 * 0/132 at ~43 px). So each level of the pyramid is a grid of square tiles of one size T, each resized to 256. A level
 * is counted on for faces from 28·T/256 image px (28 input px: MODEL_NOTES found 129/132 faces there with 384-px
 * tiles); the next level (T·k) takes over from 28·T·k/256, and the tiles of a level overlap by that hand-over size
 * ×1.15, so every face a level is responsible for lies wholly inside one of its tiles. Sizes grow geometrically
 * (ratio ≤ 2.5) from the finest tile to the whole image, which is the top level (letterboxed).
 *
 * The finest tile size sets the smallest face found. It starts from `minFace` (24 px → 219-px tiles) and grows until
 * the plan fits `maxTiles` (40). For 1920×1280 that is 35 tiles: 7×4 of 405 px, 3×2 of 882 px and the whole image.
 * Measured with BlazeFace (TF.js) over those tiles, on face-api's six demo photos (22 faces, found by face-api's SSD
 * at full size) shrunk so faces are ~172, 86, 43 and 26 px: 22/22 at every size, with 1, 2, 0, 0 false positives.
 * On 1920×1280 mosaics of the shrunk photos, 110 faces of ~26 px (16 input px in 405-px tiles, under the 28 counted
 * on): 107/110 with 35 tiles, 98 with 27, 48 with 19, 24 with 11 (budgets 40, 30, 20, 12); 44 faces of ~43 px:
 * 42–44/44 at every budget down to 11 tiles.
 * A 1024×768 photo gets 37 tiles of 224 px and up; 640×480 17 tiles; a 4000×3000 one 37 tiles of 878 px and up
 * (faces under ~60 px there need a bigger budget).
 */
export type Tile = {
  /**
   * Square region in image pixels; may extend past the image (filled black) when the image is smaller. Positions are
   * multiples of size/inputSize (not always integers), so the tiles of a level share one sampling grid.
   */
  x: number;
  y: number;
  size: number;
  /** 0 = finest. */
  level: number;
};

export type TileLevel = { level: number; size: number; overlap: number; columns: number; rows: number };

export type TilePlan = {
  tiles: Tile[];
  levels: TileLevel[];
  /** Smallest face (image px) the plan detects reliably: comfortableFace·finest/inputSize. */
  reliableFace: number;
};

export type TilePlanOptions = {
  inputSize?: number;
  /** Smallest face (image px) to aim for. Default 24. */
  minFace?: number;
  /** Tile budget; the finest level coarsens until the plan fits. Default 40. */
  maxTiles?: number;
  /** Face size (input px) from which BlazeFace is reliable. Default 28 (see above). */
  comfortableFace?: number;
  /** Largest size ratio between adjacent levels. Default 2.5. */
  maxLevelRatio?: number;
  /** Overlap = hand-over face size × this. Default 1.15. */
  overlapMargin?: number;
};

export const TILE_PLAN_DEFAULTS = {
  inputSize: BLAZEFACE_INPUT_SIZE,
  minFace: 24,
  maxTiles: 40,
  comfortableFace: 28,
  maxLevelRatio: 2.5,
  overlapMargin: 1.15,
} satisfies Required<TilePlanOptions>;

/**
 * Start positions of tiles of `size` spread evenly over [0, extent] (one centred tile when it doesn't fit), floored
 * to multiples of `unit` (image px per input px) so all tiles of a level sample one common pixel grid.
 */
function positions(extent: number, size: number, overlap: number, unit: number): number[] {
  const snap = (v: number) => Math.floor(v / unit) * unit;
  if (size >= extent) return [snap((extent - size) / 2)];
  const count = Math.ceil((extent - size) / (size - overlap)) + 1;
  return Array.from({ length: count }, (_, k) => snap((k * (extent - size)) / (count - 1)));
}

function planFrom(width: number, height: number, finest: number, o: Required<TilePlanOptions>): TilePlan {
  const whole = Math.max(width, height);
  const intervals = finest >= whole ? 0 : Math.ceil(Math.log(whole / finest) / Math.log(o.maxLevelRatio) - 1e-9);
  const ratio = intervals === 0 ? 1 : (whole / finest) ** (1 / intervals);
  const tiles: Tile[] = [];
  const levels: TileLevel[] = [];
  for (let level = 0; level < intervals; level++) {
    const size = Math.round(finest * ratio ** level);
    const handOver = (o.comfortableFace * size * ratio) / o.inputSize;
    const overlap = Math.min(Math.ceil(handOver * o.overlapMargin), Math.floor(size / 2));
    const unit = size / o.inputSize;
    const xs = positions(width, size, overlap, unit);
    const ys = positions(height, size, overlap, unit);
    levels.push({ level, size, overlap, columns: xs.length, rows: ys.length });
    for (const y of ys) for (const x of xs) tiles.push({ x, y, size, level });
  }
  const top = letterboxRegion(width, height);
  levels.push({ level: intervals, size: top.width, overlap: 0, columns: 1, rows: 1 });
  tiles.push({ x: Math.floor(top.x), y: Math.floor(top.y), size: top.width, level: intervals });
  return { tiles, levels, reliableFace: (o.comfortableFace * Math.min(finest, whole)) / o.inputSize };
}

/** Plans the tile pyramid for a width×height image. Tiles are listed finest level first, row-major. */
export function planTiles(width: number, height: number, options: TilePlanOptions = {}): TilePlan {
  const o: Required<TilePlanOptions> = { ...TILE_PLAN_DEFAULTS, ...options };
  if (!(width > 0 && height > 0)) throw new RangeError(`bad image size ${width}×${height}`);
  let finest = (o.minFace * o.inputSize) / o.comfortableFace;
  let plan = planFrom(width, height, finest, o);
  while (plan.tiles.length > o.maxTiles && finest < Math.max(width, height)) {
    finest *= 1.02;
    plan = planFrom(width, height, finest, o);
  }
  return plan;
}
