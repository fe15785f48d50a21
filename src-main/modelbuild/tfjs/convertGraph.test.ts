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
    // A per-channel constant broadcasts channels-first too (as a [C, 1, 1] constant).
    const shifted = g.op('shifted', 'AddV2', [sum, g.constant('shift', [6])]);
    const flat = g.op('flat', 'Reshape', [shifted, g.constant('flat/shape', [3], Int32Array.from([1, -1, 3]))]);
    g.op('out', 'Identity', [flat]);
    // The ONNX graph runs NCHW from the stem to `shifted`: one Transpose in, one back before the Reshape.
    const onnx = await expectParity(g, ['out', 'relu']);
    const ops = ModelProto.toObject(ModelProto.decode(onnx)) as { graph: { node: { opType: string }[] } };
    const transposes = ops.graph.node.filter((n) => n.opType === 'Transpose');
    expect(transposes.length).toBe(3); // x in, `shifted` back, and `relu` back for its output
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

  const transposesIn = (onnx: Uint8Array) =>
    (ModelProto.toObject(ModelProto.decode(onnx)) as { graph: { node: { opType: string }[] } }).graph.node.filter(
      (n) => n.opType === 'Transpose',
    ).length;

  it('Conv2D, per-channel Add, scalar Mul, Relu6, Sigmoid, a broadcast Mul and AddN all run channels-first', async () => {
    const g = tinyGraph([1, 8, 8, 3]);
    const conv = g.op('conv', 'Conv2D', ['x', g.constant('f', [3, 3, 3, 4])], windowAttrs({ padding: 'SAME' }));
    const biased = g.op('biased', 'Add', [conv, g.constant('bias', [4])]);
    const scaled = g.op('scaled', 'Mul', [g.constant('scale', [], Float32Array.of(0.5)), biased]);
    const relu6 = g.op('relu6', 'Relu6', [
      g.op('shift', 'AddV2', [scaled, g.constant('three', [], Float32Array.of(3))]),
    ]);
    // Squeeze-and-excitation: a pooled [1, 1, 1, C] gate broadcast over the map.
    const pooled = g.op('pooled', 'AvgPool', [relu6], {
      ksize: ints(nhwc([8, 8])),
      ...windowAttrs({ padding: 'VALID', strides: 8 }),
    });
    const gate = g.op('gate', 'Sigmoid', [pooled]);
    const gated = g.op('gated', 'Mul', [relu6, gate]);
    g.op('sum', 'AddN', [gated, biased, conv], { N: { i: '3' } });
    const onnx = await expectParity(g, ['sum']);
    expect(transposesIn(onnx)).toBe(2);
  });

  it.each([
    { title: 'VALID, 2×2 window, stride 2, odd size', input: [1, 7, 6, 2], ksize: 2, strides: 2, padding: 'VALID' },
    // TF averages over the window's pixels inside the input only, as ONNX's count_include_pad = 0.
    { title: 'SAME, 3×3 window, stride 2, odd size', input: [1, 7, 7, 3], ksize: 3, strides: 2, padding: 'SAME' },
  ] as const)('AvgPool: $title', async (c) => {
    const g = tinyGraph(c.input);
    g.op('pool', 'AvgPool', ['x'], { ksize: ints(nhwc([c.ksize, c.ksize])), ...windowAttrs(c) });
    await expectParity(g, ['pool']);
  });

  it.each([
    { title: 'half-pixel centres, ×2', size: [10, 12], half: true, align: false },
    { title: 'half-pixel centres, non-integer up and down', size: [7, 13], half: true, align: false },
    { title: 'align corners', size: [9, 11], half: false, align: true },
    { title: 'neither (asymmetric)', size: [8, 9], half: false, align: false },
  ])('ResizeBilinear: $title', async (c) => {
    const g = tinyGraph([1, 5, 6, 3]);
    g.op('resize', 'ResizeBilinear', ['x', g.constant('size', [2], Int32Array.from(c.size))], {
      half_pixel_centers: { b: c.half },
      align_corners: { b: c.align },
    });
    await expectParity(g, ['resize']);
  });

  it.each([
    { title: 'SAME, stride 2, even output', input: [1, 4, 5, 6], output: [1, 8, 10, 2], kernel: 2, padding: 'SAME' },
    { title: 'SAME, stride 2, odd output, 3×3', input: [1, 4, 4, 3], output: [1, 7, 8, 2], kernel: 3, padding: 'SAME' },
    { title: 'VALID, stride 2, 3×3', input: [1, 3, 4, 2], output: [1, 7, 9, 3], kernel: 3, padding: 'VALID' },
  ] as const)('Conv2DBackpropInput: $title', async (c) => {
    const g = tinyGraph(c.input);
    const filter = g.constant('f', [c.kernel, c.kernel, c.output[3], c.input[3]]);
    g.op('up', 'Conv2DBackpropInput', [g.constant('shape', [4], Int32Array.from(c.output)), filter, 'x'], {
      strides: ints(nhwc([2, 2])),
      padding: s(c.padding),
      data_format: s('NHWC'),
    });
    await expectParity(g, ['up']);
  });

  it('onnx-tf style: NCHW tensors with Transpose pairs around convolutions convert with no Transpose at all', async () => {
    const g = tinyGraph([1, 3, 6, 6]);
    const pad = (name: string, input: string, value?: number) =>
      g.op(name, value === undefined ? 'Pad' : 'PadV2', [
        input,
        g.constant(`${name}/p`, [4, 2], Int32Array.from([0, 0, 0, 0, 1, 1, 1, 1])),
        ...(value === undefined ? [] : [g.constant(`${name}/v`, [], Float32Array.of(value))]),
      ]);
    const toNhwc = (name: string, input: string) =>
      g.op(name, 'Transpose', [input, g.constant(`${name}/perm`, [4], Int32Array.from([0, 2, 3, 1]))]);
    const toNchw = (name: string, input: string) =>
      g.op(name, 'Transpose', [input, g.constant(`${name}/perm`, [4], Int32Array.from([0, 3, 1, 2]))]);
    const conv = g.op(
      'conv',
      'Conv2D',
      [toNhwc('t1', pad('pad', 'x')), g.constant('f', [3, 3, 3, 4])],
      windowAttrs({ padding: 'VALID' }),
    );
    const leaky = g.op('leaky', 'LeakyRelu', [toNchw('t2', g.op('add', 'Add', [conv, g.constant('b', [4])]))], {
      alpha: { f: 0.1 },
    });
    // Max pooling after a -∞-like pad value, as NanoDet's stem does.
    const pooled = toNchw(
      't4',
      g.op('pool', 'MaxPool', [toNhwc('t3', pad('pad2', leaky, -100))], {
        ksize: ints(nhwc([3, 3])),
        ...windowAttrs({ padding: 'VALID', strides: 2 }),
      }),
    );
    const joined = g.op('cat', 'ConcatV2', [pooled, pooled, g.constant('axis', [], Int32Array.of(1))], {
      N: { i: '2' },
    });
    g.op('out', 'Identity', [joined]);
    const onnx = await expectParity(g, ['out', 'leaky']);
    expect(transposesIn(onnx)).toBe(0);
  });

  it('ConcatV2 on the channel axis of channels-first tensors, SplitV with a -1 size, and a rank-3 Transpose', async () => {
    const g = tinyGraph([1, 5, 5, 3]);
    const a = g.op('a', 'Conv2D', ['x', g.constant('fa', [1, 1, 3, 2])], windowAttrs({ padding: 'SAME' }));
    const b = g.op('b', 'Conv2D', ['x', g.constant('fb', [1, 1, 3, 6])], windowAttrs({ padding: 'SAME' }));
    const cat = g.op('cat', 'ConcatV2', [a, b, g.constant('axis', [], Int32Array.of(-1))], { N: { i: '2' } });
    const flat = g.op('flat', 'Reshape', [cat, g.constant('shape', [3], Int32Array.from([1, 25, 8]))]);
    const rows = g.op('rows', 'Transpose', [flat, g.constant('perm', [3], Int32Array.from([0, 2, 1]))]);
    g.op(
      'split',
      'SplitV',
      [rows, g.constant('sizes', [2], Int32Array.from([3, -1])), g.constant('at', [], Int32Array.of(1))],
      { num_split: { i: '2' } },
    );
    g.op('gate', 'Sigmoid', ['split']);
    await expectParity(g, ['gate', 'split:1', 'cat']);
  });

  it('folds SparseToDense over constants and arithmetic on them into a constant Reshape target', async () => {
    const g = tinyGraph([1, 4, 6]);
    const int = { T: { type: 'DT_INT32' } };
    // onnx-tf's pattern: a shape plus a dense vector of zeros written as SparseToDense with no entries.
    const zeros = g.op(
      'zeros',
      'SparseToDense',
      [
        g.constant('indices', [0, 1], new Int32Array(0)),
        g.constant('dense', [1], Int32Array.of(3)),
        g.constant('values', [0], new Int32Array(0)),
        g.constant('default', [], Int32Array.of(0)),
      ],
      { ...int, Tindices: { type: 'DT_INT32' } },
    );
    const target = g.op('target', 'AddV2', [g.constant('shape', [3], Int32Array.from([1, 6, -1])), zeros], int);
    g.op('flat', 'Reshape', ['x', target]);
    // With entries: [0, 0, 5] placed into a default of 1, then scaled.
    const placed = g.op(
      'placed',
      'SparseToDense',
      [
        g.constant('at', [1, 1], Int32Array.of(2)),
        g.constant('dense3', [1], Int32Array.of(3)),
        g.constant('five', [1], Int32Array.of(5)),
        g.constant('one', [], Int32Array.of(1)),
      ],
      { ...int, Tindices: { type: 'DT_INT32' } },
    );
    const doubled = g.op('doubled', 'Mul', [placed, g.constant('two', [], Int32Array.of(2))], int);
    g.op('grid', 'Reshape', [
      'x',
      g.op('target2', 'AddV2', [doubled, g.constant('minus', [3], Int32Array.from([-1, 2, -4]))], int),
    ]);
    const onnx = await expectParity(g, ['flat', 'grid']);
    const ops = (ModelProto.toObject(ModelProto.decode(onnx)) as { graph: { node: { opType: string }[] } }).graph.node;
    // Only the two Reshapes compute anything (outputs get an Identity each).
    expect(ops.map((n) => n.opType).filter((op) => op !== 'Identity')).toEqual(['Reshape', 'Reshape']);
  });
});
