import { describe, expect, it } from 'vitest';
import { ModelProto } from '../onnx/onnxSchema.js';
import { expectParity, ints, nhwc, s, strings, tinyGraph } from '../testing/tinyGraph.js';
import { channelPadsAsConvolutions, widenChannels } from './blockedChannels.js';
import { readGraphModel } from './graphModel.js';

/*
 * The rewrites against TF.js running the original graph: a small BlazeFace-like residual net with 6-channel tensors
 * widened to 8 and a channel Pad, run on random inputs.
 */

const same = (strides = 1) => ({
  strides: ints(nhwc([strides, strides])),
  padding: s('SAME'),
  data_format: s('NHWC'),
  dilations: ints(nhwc([1, 1])),
});

/** stem (3→6) → residual block (6) → max pool ‖ strided block (6→12, residual through a channel Pad) → head (12→2). */
function residualNet() {
  const g = tinyGraph([1, 16, 16, 3]);
  const conv = (name: string, input: string, kernel: number, channels: [number, number], fused: string[]) =>
    g.op(
      name,
      '_FusedConv2D',
      [input, g.constant(`${name}/filter`, [kernel, kernel, ...channels]), g.constant(`${name}/bias`, [channels[1]])],
      { ...same(name === 'stem' ? 2 : 1), fused_ops: strings(fused), num_args: { i: '1' } },
    );
  const dw = (name: string, input: string, channels: number, strides = 1) =>
    g.op(name, 'DepthwiseConv2dNative', [input, g.constant(`${name}/filter`, [3, 3, channels, 1])], same(strides));
  const stem = conv('stem', 'x', 3, [3, 6], ['BiasAdd', 'Relu']);
  const block = conv('block', dw('dw1', stem, 6), 1, [6, 6], ['BiasAdd']);
  const relu1 = g.op('relu1', 'Relu', [g.op('add1', 'AddV2', [stem, block])]);
  const pool = g.op('pool', 'MaxPool', [relu1], { ksize: ints(nhwc([2, 2])), ...same(2) });
  const paddings = g.constant('paddings', [4, 2], Int32Array.from([0, 0, 0, 0, 0, 0, 0, 6]));
  const padded = g.op('pad', 'Pad', [pool, paddings], { Tpaddings: { type: 'DT_INT32' } });
  const widen = conv('widen', dw('dw2', relu1, 6, 2), 1, [6, 12], ['BiasAdd']);
  const relu2 = g.op('relu2', 'Relu', [g.op('add2', 'AddV2', [widen, padded])]);
  conv('head', relu2, 1, [12, 2], ['BiasAdd']);
  return g;
}

const opTypes = (onnx: Uint8Array) =>
  (ModelProto.toObject(ModelProto.decode(onnx)) as { graph: { node: { opType: string }[] } }).graph.node.map(
    (n) => n.opType,
  );

describe('blocked-channel rewrites', () => {
  it('widenChannels: same outputs with the 6-channel tensors carried as 8', async () => {
    const g = residualNet();
    let widened = 0;
    await expectParity(g, ['head', 'relu2'], {
      rewrite: (model) => {
        const out = widenChannels(model, 6, 8);
        widened = [...out.weights.values()].filter((w) => w.shape.at(-1) === 8 || w.shape[2] === 8).length;
        expect(out.weights.get('paddings')!.data).toEqual(Int32Array.from([0, 0, 0, 0, 0, 0, 0, 4]));
        return out;
      },
    });
    // stem filter and bias, block filter (in and out) and bias, dw1 and dw2 filters, widen filter (in).
    expect(widened).toBe(7);
  });

  it('channelPadsAsConvolutions: the channel Pad becomes an identity 1×1 convolution', async () => {
    const onnx = await expectParity(residualNet(), ['head'], {
      rewrite: (model) => channelPadsAsConvolutions(widenChannels(model, 6, 8)),
    });
    expect(opTypes(onnx)).not.toContain('Pad');
  });

  it('leaves a spatial Pad alone and refuses to widen into an op it cannot follow', () => {
    const g = tinyGraph([1, 4, 4, 2]);
    const stem = g.op('stem', '_FusedConv2D', ['x', g.constant('f', [1, 1, 2, 3]), g.constant('b', [3])], {
      ...same(),
      fused_ops: strings(['BiasAdd']),
      num_args: { i: '1' },
    });
    g.op('pad', 'Pad', [stem, g.constant('p', [4, 2], Int32Array.from([0, 0, 1, 1, 0, 0, 0, 0]))]);
    g.op('flat', 'Reshape', ['pad', g.constant('shape', [2], Int32Array.from([1, -1]))]);
    const model = readGraphModel(g.write());
    expect(channelPadsAsConvolutions(model).nodes.get('pad')!.op).toBe('Pad');
    expect(() => widenChannels(model, 3, 4)).toThrow('Pad node pad: pads fewer channels than were added');
    expect(() => widenChannels(model, 4, 3)).toThrow(RangeError);
  });
});
