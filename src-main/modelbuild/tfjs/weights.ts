import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One entry of a TF.js weights manifest (the format of `*-weights_manifest.json` and a graph model's weightsManifest). */
export type WeightSpec = Readonly<{
  name: string;
  shape: readonly number[];
  dtype: 'float32' | 'int32' | 'bool';
  quantization?: Readonly<{
    dtype: 'uint8' | 'uint16' | 'float16';
    scale?: number;
    min?: number;
    original_dtype?: 'float32' | 'int32';
  }>;
}>;

export type WeightsGroup = Readonly<{ paths: readonly string[]; weights: readonly WeightSpec[] }>;

export type Weight = Readonly<{ name: string; shape: readonly number[]; data: Float32Array | Int32Array }>;

const BYTES = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2 } as const;

/** IEEE 754 half to float, for float16-quantized weights. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

function decode(spec: WeightSpec, bytes: Buffer): Float32Array | Int32Array {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const q = spec.quantization;
  const integer = (q?.original_dtype ?? spec.dtype) === 'int32';
  const out = integer ? new Int32Array(count) : new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let value: number;
    if (!q) {
      value =
        spec.dtype === 'float32'
          ? bytes.readFloatLE(i * 4)
          : spec.dtype === 'int32'
            ? bytes.readInt32LE(i * 4)
            : bytes[i]!;
    } else if (q.dtype === 'float16') {
      value = halfToFloat(bytes.readUInt16LE(i * 2));
    } else {
      // TF.js affine quantization: value = quantized × scale + min.
      const stored = q.dtype === 'uint8' ? bytes[i]! : bytes.readUInt16LE(i * 2);
      value = stored * (q.scale ?? 1) + (q.min ?? 0);
    }
    out[i] = integer ? Math.round(value) : value;
  }
  return out;
}

/**
 * Reads every weight of a TF.js weights manifest from its shard files in `dir`, dequantized the way TF.js itself
 * does (io.decodeWeights), so a converted model sees exactly the numbers the reference implementation sees.
 */
export function readWeights(manifest: readonly WeightsGroup[], dir: string): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  for (const group of manifest) {
    const buffer = Buffer.concat(group.paths.map((path) => readFileSync(join(dir, path))));
    let offset = 0;
    for (const spec of group.weights) {
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const size = count * BYTES[spec.quantization?.dtype ?? spec.dtype];
      if (offset + size > buffer.length)
        throw new Error(`weights end early at ${spec.name}: need ${offset + size} bytes, have ${buffer.length}`);
      weights.set(spec.name, {
        name: spec.name,
        shape: spec.shape,
        data: decode(spec, buffer.subarray(offset, offset + size)),
      });
      offset += size;
    }
    if (offset !== buffer.length) throw new Error(`weights manifest covers ${offset} of ${buffer.length} bytes`);
  }
  return weights;
}

/** Looks a weight up, failing with its name: a missing weight is a wrong graph, never something to default. */
export function weight(weights: ReadonlyMap<string, Weight>, name: string): Weight {
  const found = weights.get(name);
  if (!found) throw new Error(`weight not found: ${name}`);
  return found;
}
