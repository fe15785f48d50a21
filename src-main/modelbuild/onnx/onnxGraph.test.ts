import { createHash } from 'node:crypto';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { attr, createGraph } from './onnxGraph.js';

function smallModel(): Uint8Array {
  const g = createGraph('probe');
  const x = g.input('x', 'float32', [1, 1, 3, 3]);
  // 2×2 kernel of ones, stride 1, pads 0 → each output is the sum of a 2×2 window.
  const w = g.constant(new Float32Array([1, 1, 1, 1]), [1, 1, 2, 2], 'w');
  const b = g.constant(new Float32Array([-10]), [1], 'b');
  const conv = g.node('Conv', [x, w, b], { kernel_shape: attr.ints([2, 2]), strides: attr.ints([1, 1]) });
  const relu = g.node('Relu', [conv]);
  const shape = g.constant(new BigInt64Array([1n, 4n]), [2], 'shape');
  const flat = g.node('Reshape', [relu, shape]);
  const scaled = g.node('Mul', [flat, g.constant(new Float32Array([0.5]), [1], 'half')]);
  g.output(scaled, 'y', 'float32', [1, 4]);
  // Opset 13 takes Split's sizes as an input.
  const sizes = g.constant(new BigInt64Array([1n, 3n]), [2], 'sizes');
  const [first, rest] = g.nodeN('Split', [scaled, sizes], 2, { axis: attr.int(1) });
  g.output(first!, 'first', 'float32', [1, 1]);
  g.output(rest!, 'rest', 'float32', [1, 3]);
  return g.encode({ producer: 'facets-test', metadata: { purpose: 'probe' } });
}

describe('ONNX graph builder', () => {
  it('writes a model onnxruntime loads and runs with the expected numbers', async () => {
    const session = await ort.InferenceSession.create(smallModel());
    expect(session.inputNames).toEqual(['x']);
    expect(session.outputNames).toEqual(['y', 'first', 'rest']);
    const x = new ort.Tensor('float32', Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), [1, 1, 3, 3]);
    const out = await session.run({ x });
    // windows: 1+2+4+5=12, 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28; minus 10, relu, halved
    expect(Array.from(out['y']!.data as Float32Array)).toEqual([1, 3, 7, 9]);
    expect(Array.from(out['first']!.data as Float32Array)).toEqual([1]);
    expect(Array.from(out['rest']!.data as Float32Array)).toEqual([3, 7, 9]);
    await session.release();
  });

  it('is deterministic: the same build gives the same bytes', () => {
    const hash = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
    expect(hash(smallModel())).toBe(hash(smallModel()));
  });

  it('refuses a constant whose data does not fill its dims, and duplicate names', () => {
    const g = createGraph('bad');
    expect(() => g.constant(new Float32Array(3), [2, 2])).toThrow(/hold 4 values, data has 3/);
    g.input('x', 'float32', [1]);
    expect(() => g.input('x', 'float32', [1])).toThrow(/duplicate/);
  });
});
