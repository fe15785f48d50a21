import { describe, expect, it } from 'vitest';
import { ModelProto } from '../onnx/onnxSchema.js';
import { expectParity, ints, nhwc, s, strings, tinyGraph } from '../testing/tinyGraph.js';
import { convertGraph } from './convertGraph.js';
import { readGraphModel } from './graphModel.js';

/*
 * Each test writes a tiny TF.js graph model, converts it, and runs the ONNX model in onnxruntime against the same
 * graph executed by TF.js (testing/tinyGraph.ts).
 */

type ConvCase = Readonly<{
  title: string;
  input: readonly number[];
  kernel: readonly [number, number];
  strides?: number;
  dilations?: number;
  padding: 'SAME' | 'VALID' | 'EXPLICIT';
  explicit?: readonly number[];
  fused: readonly string[];
  multiplier?: number;
}>;

const convCase = (
  title: string,
  input: readonly number[],
  kernel: readonly [number, number],
  fused: readonly string[],
  window: Pick<ConvCase, 'padding' | 'strides' | 'dilations' | 'explicit' | 'multiplier'>,
): ConvCase => ({ title, input, kernel, fused, ...window });

const CONV_CASES: readonly ConvCase[] = [
  convCase('SAME, stride 2, odd sizes', [1, 7, 9, 3], [3, 3], ['BiasAdd', 'Relu'], { padding: 'SAME', strides: 2 }),
  // Even input, stride 2: TF pads 0 before and 1 after (the case a symmetric converter gets wrong).
  convCase('SAME, stride 2, even size', [1, 8, 8, 2], [3, 3], ['BiasAdd'], { padding: 'SAME', strides: 2 }),
  convCase('SAME, even 4×2 kernel', [1, 6, 5, 2], [4, 2], ['BiasAdd', 'Relu6'], { padding: 'SAME' }),
  convCase('SAME, dilation 2', [1, 9, 8, 3], [3, 3], ['BiasAdd'], { padding: 'SAME', dilations: 2 }),
  convCase('VALID, stride 2, odd sizes', [1, 11, 10, 3], [3, 2], ['BiasAdd', 'Relu'], { padding: 'VALID', strides: 2 }),
  convCase('EXPLICIT paddings, Prelu', [1, 6, 7, 2], [3, 3], ['BiasAdd', 'Prelu'], {
    padding: 'EXPLICIT',
    strides: 2,
    explicit: [0, 0, 1, 2, 2, 0, 0, 0],
  }),
];

function windowAttrs(c: Pick<ConvCase, 'strides' | 'dilations' | 'padding' | 'explicit'>) {
  return {
    strides: ints(nhwc([c.strides ?? 1, c.strides ?? 1])),
    dilations: ints(nhwc([c.dilations ?? 1, c.dilations ?? 1])),
    padding: s(c.padding),
    explicit_paddings: ints(c.explicit ?? []),
    data_format: s('NHWC'),
  };
}

describe('TF.js graph → ONNX', () => {
  it.each(CONV_CASES)('_FusedConv2D: $title', async (c) => {
    const g = tinyGraph(c.input);
    const filter = g.constant('filter', [...c.kernel, c.input[3]!, 4]);
    const args = [g.constant('bias', [4])];
    if (c.fused.includes('Prelu')) args.push(g.constant('alpha', [4]));
    g.op('conv', '_FusedConv2D', ['x', filter, ...args], {
      ...windowAttrs(c),
      fused_ops: strings(c.fused),
      num_args: { i: String(args.length) },
      epsilon: { f: 0 },
    });
    await expectParity(g, ['conv']);
  });

  it.each([
    convCase('SAME, stride 2, odd sizes, multiplier 2', [1, 9, 7, 3], [3, 3], [], {
      padding: 'SAME',
      strides: 2,
      multiplier: 2,
    }),
    convCase('SAME, stride 2, even size', [1, 8, 6, 4], [3, 3], [], { padding: 'SAME', strides: 2 }),
    convCase('VALID, 5×3 kernel', [1, 9, 7, 2], [5, 3], [], { padding: 'VALID' }),
    convCase('SAME, dilation 2, multiplier 3', [1, 7, 7, 2], [3, 3], [], {
      padding: 'SAME',
      dilations: 2,
      multiplier: 3,
    }),
  ])('DepthwiseConv2dNative: $title', async (c) => {
    const g = tinyGraph(c.input);
    const filter = g.constant('filter', [...c.kernel, c.input[3]!, c.multiplier ?? 1]);
    g.op('dw', 'DepthwiseConv2dNative', ['x', filter], windowAttrs(c));
    await expectParity(g, ['dw']);
  });

  it.each([
    // Inputs are in [-1, 1): padding must act as -∞ for the max, never as 0.
    { title: 'SAME, 3×3 window, stride 2, odd size', input: [1, 7, 7, 3], ksize: 3, strides: 2, padding: 'SAME' },
    { title: 'SAME, 2×2 window, stride 2, odd size', input: [1, 9, 9, 2], ksize: 2, strides: 2, padding: 'SAME' },
    { title: 'VALID, 2×2 window, stride 2, odd size', input: [1, 7, 6, 2], ksize: 2, strides: 2, padding: 'VALID' },
  ] as const)('MaxPool: $title', async (c) => {
    const g = tinyGraph(c.input);
    g.op('pool', 'MaxPool', ['x'], { ksize: ints(nhwc([c.ksize, c.ksize])), ...windowAttrs(c) });
    await expectParity(g, ['pool']);
  });

  it('chains conv, depthwise, residual AddV2, Relu, MaxPool, channel Pad, Reshape and Identity channels-first', async () => {
    const g = tinyGraph([1, 9, 9, 3]);
    const same = windowAttrs({ padding: 'SAME' });
    const conv = (name: string, input: string, channels: readonly [number, number], fused: string[], strides = 1) =>
      g.op(
        name,
        '_FusedConv2D',
        [input, g.constant(`${name}/filter`, [1, 1, ...channels]), g.constant(`${name}/bias`, [channels[1]])],
        {
          ...windowAttrs({ padding: 'SAME', strides }),
          fused_ops: strings(fused),
          num_args: { i: '1' },
        },
      );
    const stem = conv('stem', 'x', [3, 4], ['BiasAdd', 'Relu'], 2);
    const dw = g.op('dw', 'DepthwiseConv2dNative', [stem, g.constant('dw/filter', [3, 3, 4, 1])], same);
    const project = conv('project', dw, [4, 4], ['BiasAdd']);
    // `name:0` and a control dependency, as TF writes them.
    const add = g.op('add', 'AddV2', [`${stem}:0`, project, '^dw']);
    const relu = g.op('relu', 'Relu', [add]);
    const pool = g.op('pool', 'MaxPool', [relu], {
      ksize: ints(nhwc([2, 2])),
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
    });
    const paddings = g.constant('paddings', [4, 2], Int32Array.from([0, 0, 0, 0, 0, 0, 0, 2]));
    const padded = g.op('pad', 'Pad', [pool, paddings], { Tpaddings: { type: 'DT_INT32' } });
    const widen = conv('widen', pool, [4, 6], ['BiasAdd']);
    const sum = g.op('sum', 'AddV2', [padded, widen]);
    // Broadcasting a per-channel constant runs in TF's layout.
    const shifted = g.op('shifted', 'AddV2', [sum, g.constant('shift', [6])]);
    const flat = g.op('flat', 'Reshape', [shifted, g.constant('flat/shape', [3], Int32Array.from([1, -1, 3]))]);
    g.op('out', 'Identity', [flat]);
    // The ONNX graph runs NCHW from the stem to `sum`: one Transpose in, one back before the broadcast add.
    const onnx = await expectParity(g, ['out', 'relu']);
    const ops = ModelProto.toObject(ModelProto.decode(onnx)) as { graph: { node: { opType: string }[] } };
    const transposes = ops.graph.node.filter((n) => n.opType === 'Transpose');
    expect(transposes.length).toBe(3); // x in, `sum` back, and `relu` back for its output
  });

  it('leaves height and width free: SAME windows pad at run time as TF does, for even and odd sizes', async () => {
    const g = tinyGraph([1, -1, -1, 3]);
    const stem = g.op('stem', '_FusedConv2D', ['x', g.constant('stem/filter', [5, 5, 3, 4]), g.constant('b', [4])], {
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
      fused_ops: strings(['BiasAdd', 'Relu']),
      num_args: { i: '1' },
    });
    const dw = g.op('dw', 'DepthwiseConv2dNative', [stem, g.constant('dw/filter', [3, 3, 4, 1])], {
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
    });
    const pool = g.op('pool', 'MaxPool', [stem], {
      ksize: ints(nhwc([2, 2])),
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
    });
    g.op('sum', 'AddV2', [dw, pool]);
    const runShapes = [
      [1, 32, 64, 3],
      [1, 13, 10, 3],
    ];
    const onnx = await expectParity(g, ['sum'], { runShapes });
    const decoded = ModelProto.toObject(ModelProto.decode(onnx), { longs: Number }) as {
      graph: { input: { type: { tensorType: { shape: { dim: { dimValue?: number; dimParam?: string }[] } } } }[] };
    };
    const dims = decoded.graph.input[0]!.type.tensorType.shape.dim;
    expect(dims.map((d) => d.dimParam ?? d.dimValue)).toEqual([1, 'x_dim1', 'x_dim2', 3]);
  });

  it('frees a declared input shape on request, and refuses one that contradicts it', async () => {
    const g = tinyGraph([1, 8, 8, 2]);
    g.op('dw', 'DepthwiseConv2dNative', ['x', g.constant('dw/filter', [3, 3, 2, 1])], {
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
    });
    await expectParity(g, ['dw'], { inputShape: [1, -1, -1, 2], runShapes: [[1, 8, 8, 2]] });
    const model = readGraphModel(g.write());
    const convert = (shape: number[]) => () =>
      convertGraph(model, { graphName: 't', inputShapes: { x: shape }, outputs: [{ tensor: 'dw', name: 'y' }] });
    expect(convert([1, -1, -1, 3])).toThrow(
      'Placeholder node x: shape [1, -1, -1, 3] does not fit the declared [1, 8, 8, 2]',
    );
    expect(convert([1, -1, 2])).toThrow('does not fit');
  });

  it('declares an input channels-first on request: convolutions read it as it is, other ops through a Transpose', async () => {
    const g = tinyGraph([1, 6, 5, 3]);
    g.op('conv', '_FusedConv2D', ['x', g.constant('f', [3, 3, 3, 4]), g.constant('b', [4])], {
      ...windowAttrs({ padding: 'SAME', strides: 2 }),
      fused_ops: strings(['BiasAdd']),
      num_args: { i: '1' },
    });
    g.op('flat', 'Reshape', ['x', g.constant('shape', [2], Int32Array.from([1, -1]))]);
    const onnx = await expectParity(g, ['conv', 'flat'], { channelsFirst: true });
    const decoded = ModelProto.toObject(ModelProto.decode(onnx), { longs: Number }) as {
      graph: {
        node: { opType: string; input: string[] }[];
        input: { type: { tensorType: { shape: { dim: { dimValue?: number }[] } } } }[];
      };
    };
    expect(decoded.graph.input[0]!.type.tensorType.shape.dim.map((d) => d.dimValue)).toEqual([1, 3, 6, 5]);
    const readers = decoded.graph.node.filter((n) => n.input.includes('x')).map((n) => n.opType);
    expect(readers.sort()).toEqual(['Conv', 'Transpose']);
  });

  it('pads in TF layout where the input is not channels-first', async () => {
    const g = tinyGraph([1, 4, 5, 3]);
    g.op('pad', 'Pad', ['x', g.constant('paddings', [4, 2], Int32Array.from([0, 0, 1, 2, 0, 1, 0, 0]))]);
    g.op('relu', 'Relu', ['pad']);
    await expectParity(g, ['relu']);
  });

  it('names every unsupported op and its node before converting anything', () => {
    const g = tinyGraph([1, 4]);
    g.op('soft', 'Softplus', ['x']);
    g.op('erf', 'Erf', ['soft']);
    g.op('ok', 'Relu', ['erf']);
    const model = readGraphModel(g.write());
    expect(() => convertGraph(model, { graphName: 'bad', outputs: [{ tensor: 'ok', name: 'y' }] })).toThrow(
      'cannot convert to ONNX: unsupported TF ops Softplus (node soft), Erf (node erf)',
    );
  });

  it('fails on what it cannot express, naming the node', () => {
    const g = tinyGraph([1, 4, 4, 2]);
    g.op('nchw', 'MaxPool', ['x'], {
      ksize: ints(nhwc([2, 2])),
      ...windowAttrs({ padding: 'VALID' }),
      data_format: s('NCHW'),
    });
    g.op('missing', 'Relu', ['nowhere']);
    g.op('fused', '_FusedConv2D', ['x', g.constant('f', [1, 1, 2, 2]), g.constant('b', [2])], {
      ...windowAttrs({ padding: 'VALID' }),
      fused_ops: strings(['BiasAdd', 'Elu']),
      num_args: { i: '1' },
    });
    const model = readGraphModel(g.write());
    const convert = (tensor: string) => () => convertGraph(model, { graphName: 't', outputs: [{ tensor, name: 'y' }] });
    expect(convert('nchw')).toThrow('MaxPool node nchw: data_format NCHW is not supported');
    expect(convert('missing')).toThrow('node missing reads node nowhere, which is not in the graph');
    expect(convert('fused')).toThrow('_FusedConv2D node fused: fused op Elu is not supported');
    expect(convert('x:1')).toThrow('reads output 1 of x, which has no such output');
  });
});
