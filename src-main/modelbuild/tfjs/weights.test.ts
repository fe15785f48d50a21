import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { halfToFloat, readWeights } from './weights.js';

describe('TF.js weights', () => {
  it('decodes float32, int32, uint8/uint16 affine and float16 weights across shards', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facets-weights-'));
    const f32 = Buffer.alloc(8);
    f32.writeFloatLE(1.5, 0);
    f32.writeFloatLE(-2, 4);
    const i32 = Buffer.alloc(4);
    i32.writeInt32LE(-7, 0);
    const u8 = Buffer.from([0, 10, 255]);
    const u16 = Buffer.alloc(2);
    u16.writeUInt16LE(1000, 0);
    const f16 = Buffer.alloc(4);
    f16.writeUInt16LE(0x3c00, 0); // 1
    f16.writeUInt16LE(0xc000, 2); // -2
    const all = Buffer.concat([f32, i32, u8, u16, f16]);
    writeFileSync(join(dir, 'a.bin'), all.subarray(0, 10));
    writeFileSync(join(dir, 'b.bin'), all.subarray(10));
    const weights = readWeights(
      [
        {
          paths: ['a.bin', 'b.bin'],
          weights: [
            { name: 'f', shape: [2], dtype: 'float32' },
            { name: 'i', shape: [1], dtype: 'int32' },
            { name: 'q8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
            {
              name: 'q16',
              shape: [1],
              dtype: 'int32',
              quantization: { dtype: 'uint16', scale: 0.01, min: 0, original_dtype: 'int32' },
            },
            { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
          ],
        },
      ],
      dir,
    );
    expect(Array.from(weights.get('f')!.data)).toEqual([1.5, -2]);
    expect(Array.from(weights.get('i')!.data)).toEqual([-7]);
    expect(Array.from(weights.get('q8')!.data)).toEqual([-1, 4, 126.5]);
    expect(Array.from(weights.get('q16')!.data)).toEqual([10]);
    expect(Array.from(weights.get('h')!.data)).toEqual([1, -2]);
  });

  it('converts half floats, subnormals and specials', () => {
    expect(halfToFloat(0x3555)).toBeCloseTo(0.33325, 5);
    expect(halfToFloat(0x0001)).toBeCloseTo(5.96e-8, 10);
    expect(halfToFloat(0x7c00)).toBe(Number.POSITIVE_INFINITY);
    expect(halfToFloat(0x7e00)).toBeNaN();
  });

  it('refuses a manifest that does not match its files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'facets-weights-'));
    writeFileSync(join(dir, 'a.bin'), Buffer.alloc(6));
    expect(() =>
      readWeights([{ paths: ['a.bin'], weights: [{ name: 'f', shape: [2], dtype: 'float32' }] }], dir),
    ).toThrow(/end early/);
    expect(() =>
      readWeights([{ paths: ['a.bin'], weights: [{ name: 'f', shape: [1], dtype: 'float32' }] }], dir),
    ).toThrow(/covers 4 of 6/);
  });
});
