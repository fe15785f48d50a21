import { attr, createGraph, type Attr, type GraphBuilder, type ModelMeta, type Shape } from '../onnx/onnxGraph.js';
import type { DType } from '../onnx/onnxSchema.js';
import {
  attrBool,
  attrFloat,
  attrInt,
  attrInts,
  attrShape,
  attrString,
  attrStrings,
  attrTensor,
  attrType,
  parseInputRef,
  type GraphModel,
  type TfInputRef,
  type TfNode,
} from './graphModel.js';

/*
 * TF.js graph model → ONNX opset 13, one TF op at a time through the OPS table below. An op missing from the table
 * fails the whole conversion up front, naming every such op and node.
 *
 * Layout. TF graphs are NHWC; ONNX Conv and pooling are NCHW. Every tensor keeps its TF shape during conversion and
 * may hold an ONNX value in either layout, each made only when first needed: a convolution's result exists only in
 * NCHW until some op needs TF's own layout (Reshape, a graph output), so chains of conv, pool, pad, add and
 * activations run channels-first with no transposes between them, whatever the ORT optimisation level.
 */

type ConstData = Float32Array | Int32Array;

/** A TF tensor while converting. */
type Value = {
  /** TF's shape (NHWC for images); -1 marks a dimension unknown until run time. */
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** The TF tensor name, for readable ONNX value names. */
  readonly name: string;
  /** The value itself, when it is known at build time (a Const, or anything folded from one). */
  readonly constant?: ConstData;
  /** ONNX value holding the tensor in TF's layout; made on demand. */
  tfLayout?: string;
  /** ONNX value holding a rank-4 tensor channels-first; made on demand. */
  nchw?: string;
};

type OpContext = Readonly<{
  g: GraphBuilder;
  node: TfNode;
  model: GraphModel;
  /** The node's data inputs, in order. */
  inputs: readonly Value[];
  inTfLayout(value: Value): string;
  inNchw(value: Value): string;
  /** Input `index`, which must be known at build time (filters, paddings, shapes). */
  constantInput(index: number): ConstData;
  /** Declares the graph input this Placeholder stands for. */
  graphInput(): Value;
  fail(message: string): never;
}>;

/** Converts one TF node; returns its outputs in TF's output order. */
type OpConverter = (ctx: OpContext) => readonly Value[];

const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];

/** TF.js stores int64 tensors (shape arithmetic, e.g. onnx-tf's SparseToDense indices) as int32. */
const DTYPES: Readonly<Record<string, DType>> = { DT_FLOAT: 'float32', DT_INT32: 'int32', DT_INT64: 'int32' };

function dtypeOf(ctx: OpContext, tfType: string): DType {
  return DTYPES[tfType] ?? ctx.fail(`element type ${tfType} is not supported`);
}

const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

/** The value name ONNX will show for a TF tensor: the last part of its TF name. */
const hintOf = (name: string) => (name.split('/').at(-1) ?? name).replace(/\W+/g, '_');

function transpose4(data: Float32Array, shape: readonly number[], perm: readonly number[]): Float32Array {
  const [d0, d1, d2, d3] = perm.map((p) => shape[p]!) as [number, number, number, number];
  const strides = [shape[1]! * shape[2]! * shape[3]!, shape[2]! * shape[3]!, shape[3]!, 1];
  const [s0, s1, s2, s3] = perm.map((p) => strides[p]!) as [number, number, number, number];
  const out = new Float32Array(data.length);
  let o = 0;
  for (let a = 0; a < d0; a++)
    for (let b = 0; b < d1; b++)
      for (let c = 0; c < d2; c++) for (let d = 0; d < d3; d++) out[o++] = data[a * s0 + b * s1 + c * s2 + d * s3]!;
  return out;
}

// ── Windows (convolution and pooling) ────────────────────────────────────────────────────────────────────────────

/** The [height, width] entries of an NHWC attribute list such as strides [1, sh, sw, 1]. */
function spatial(ctx: OpContext, key: string, fallback?: readonly number[]): [number, number] {
  const list = attrInts(ctx.node, key, fallback);
  if (list.length !== 4 || list[0] !== 1 || list[3] !== 1) ctx.fail(`${key} [${list.join(', ')}] is not [1, h, w, 1]`);
  return [list[1]!, list[2]!];
}

type Window = Readonly<{ kernel: [number, number]; strides: [number, number]; dilations: [number, number] }>;

/**
 * ONNX pads [top, left, bottom, right] and the output [height, width] for TF's padding of a window over `input`
 * (NHWC). TF's SAME puts the odd pixel of padding at the end (bottom/right), so it is written out explicitly; over a
 * height or width unknown until run time it becomes ONNX's auto_pad SAME_UPPER, which is the same rule applied then.
 */
function windowPadding(ctx: OpContext, input: readonly number[], w: Window): WindowPadding {
  const padding = attrString(ctx.node, 'padding');
  const explicit = padding === 'EXPLICIT' ? attrInts(ctx.node, 'explicit_paddings') : [];
  if (padding === 'EXPLICIT' && (explicit.length !== 8 || explicit.some((p, i) => (i < 2 || i > 5) && p !== 0)))
    ctx.fail(`explicit_paddings [${explicit.join(', ')}] must pad height and width only`);
  const axes = [0, 1].map((axis) => {
    const size = input[axis + 1]!;
    const stride = w.strides[axis]!;
    const extent = (w.kernel[axis]! - 1) * w.dilations[axis]! + 1;
    let begin = 0;
    let end = 0;
    if (padding === 'SAME' && size < 0) {
      return { begin, end, out: -1, atRunTime: true };
    } else if (padding === 'SAME') {
      const total = Math.max((Math.ceil(size / stride) - 1) * stride + extent - size, 0);
      begin = Math.floor(total / 2);
      end = total - begin;
    } else if (padding === 'EXPLICIT') {
      begin = explicit[2 + 2 * axis]!;
      end = explicit[3 + 2 * axis]!;
    } else if (padding !== 'VALID') {
      ctx.fail(`padding ${padding} is not supported`);
    }
    const out = size < 0 ? -1 : Math.floor((size + begin + end - extent) / stride) + 1;
    return { begin, end, out, atRunTime: false };
  });
  const [h, v] = axes as [(typeof axes)[0], (typeof axes)[0]];
  const out = [h.out, v.out] as const;
  // ONNX applies auto_pad to both axes or neither: one unknown axis puts both on the run-time rule (same result).
  if (h.atRunTime || v.atRunTime) return { autoPad: 'SAME_UPPER', out };
  return { pads: [h.begin, v.begin, h.end, v.end], out };
}

type WindowPadding = Readonly<
  { out: readonly [number, number] } & ({ pads: readonly number[] } | { autoPad: 'SAME_UPPER' })
>;

function windowAttrs(w: Window, padding: WindowPadding): Record<string, Attr> {
  return {
    kernel_shape: attr.ints(w.kernel),
    strides: attr.ints(w.strides),
    dilations: attr.ints(w.dilations),
    ...('pads' in padding ? { pads: attr.ints(padding.pads) } : { auto_pad: attr.string(padding.autoPad) }),
  };
}

function requireNhwc(ctx: OpContext) {
  const format = attrString(ctx.node, 'data_format', 'NHWC');
  if (format !== 'NHWC') ctx.fail(`data_format ${format} is not supported`);
}

const relu6Bounds = (g: GraphBuilder) => [
  g.constant(new Float32Array([0]), [], 'zero'),
  g.constant(new Float32Array([6]), [], 'six'),
];

/** Activations TF fuses into a convolution (fused_ops after BiasAdd), applied channels-first. */
const FUSED_ACTIVATIONS: Readonly<Record<string, (ctx: OpContext, y: string, args: Value[]) => string>> = {
  Relu: ({ g }, y) => g.node('Relu', [y]),
  Relu6: ({ g }, y) => g.node('Clip', [y, ...relu6Bounds(g)]),
  Prelu: (ctx, y, args) => {
    const alpha = args.shift();
    if (!alpha?.constant) return ctx.fail('Prelu needs a constant alpha');
    // TF broadcasts alpha over the last (channel) axis; channels-first it needs shape [C, 1, 1].
    const dims = alpha.constant.length === 1 ? [1] : [alpha.constant.length, 1, 1];
    return ctx.g.node('PRelu', [y, ctx.g.constant(alpha.constant, dims, hintOf(alpha.name))]);
  },
};

/**
 * Conv2D / DepthwiseConv2dNative and their fused forms (_FusedConv2D: fused_ops [BiasAdd] then an optional
 * activation, with num_args extra inputs). Filters are rearranged once at build time: HWIO → OIHW, and a depthwise
 * [h, w, in, multiplier] → [in × multiplier, 1, h, w] with group = in, which is TF's output channel order.
 */
function convolution(ctx: OpContext, kind: 'conv' | 'depthwise'): readonly Value[] {
  requireNhwc(ctx);
  const [x, filter, ...args] = ctx.inputs;
  if (!x || !filter) return ctx.fail('needs an input and a filter');
  const weights = ctx.constantInput(1);
  if (!(weights instanceof Float32Array) || filter.shape.length !== 4) return ctx.fail('filter must be 4-D float');
  const [kh, kw, cin, last] = filter.shape as [number, number, number, number];
  const inputChannels = x.shape[3];
  if (inputChannels !== undefined && inputChannels >= 0 && inputChannels !== cin)
    ctx.fail(`input has ${inputChannels} channels, the filter expects ${cin} (grouped convolution is not supported)`);
  const window: Window = {
    kernel: [kh, kw],
    strides: spatial(ctx, 'strides'),
    dilations: spatial(ctx, 'dilations', [1, 1, 1, 1]),
  };
  const padding = windowPadding(ctx, x.shape, window);
  const { out } = padding;
  const outChannels = kind === 'conv' ? last : cin * last;
  const onnxWeights =
    kind === 'conv'
      ? ctx.g.constant(transpose4(weights, filter.shape, [3, 2, 0, 1]), [last, cin, kh, kw], hintOf(filter.name))
      : ctx.g.constant(transpose4(weights, filter.shape, [2, 3, 0, 1]), [outChannels, 1, kh, kw], hintOf(filter.name));

  const fused = [...attrStrings(ctx.node, 'fused_ops', [])];
  if (args.length !== attrInt(ctx.node, 'num_args', 0)) ctx.fail(`has ${args.length} extra inputs, num_args differs`);
  const convInputs = [ctx.inNchw(x), onnxWeights];
  if (fused[0] === 'BiasAdd') {
    fused.shift();
    const bias = args.shift();
    if (!bias) return ctx.fail('BiasAdd without a bias input');
    convInputs.push(ctx.inTfLayout(bias));
  }
  let y = ctx.g.node('Conv', convInputs, {
    ...windowAttrs(window, padding),
    group: attr.int(kind === 'depthwise' ? cin : 1),
  });
  for (const op of fused) {
    const activation = FUSED_ACTIVATIONS[op] ?? ctx.fail(`fused op ${op} is not supported`);
    y = activation(ctx, y, args);
  }
  return [{ shape: [x.shape[0]!, out[0], out[1], outChannels], dtype: 'float32', name: ctx.node.name, nchw: y }];
}

function pool(onnxOp: string): OpConverter {
  return (ctx) => {
    requireNhwc(ctx);
    const [x] = ctx.inputs;
    if (!x || x.shape.length !== 4) return ctx.fail('needs a 4-D input');
    const window: Window = { kernel: spatial(ctx, 'ksize'), strides: spatial(ctx, 'strides'), dilations: [1, 1] };
    const padding = windowPadding(ctx, x.shape, window);
    const { out } = padding;
    const attrs = windowAttrs(window, padding);
    // Opset 13's AveragePool has no dilations attribute (pooling windows are never dilated in TF anyway).
    if (onnxOp !== 'MaxPool') delete attrs['dilations'];
    const y = ctx.g.node(onnxOp, [ctx.inNchw(x)], attrs);
    return [{ shape: [x.shape[0]!, out[0], out[1], x.shape[3]!], dtype: x.dtype, name: ctx.node.name, nchw: y }];
  };
}

// ── Elementwise and shape ops ────────────────────────────────────────────────────────────────────────────────────

/** numpy broadcasting, as both TF and ONNX do it. */
function broadcastShape(ctx: OpContext, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(...shapes.map((s) => s.length));
  return Array.from({ length: rank }, (_, axis) => {
    const dims = new Set(shapes.map((s) => s[s.length - rank + axis] ?? 1).filter((d) => d !== 1));
    const known = [...dims].filter((d) => d >= 0);
    if (known.length > 1) ctx.fail(`shapes ${shapes.map((s) => `[${s.join(', ')}]`).join(' and ')} do not broadcast`);
    return known[0] ?? (dims.size > 0 ? -1 : 1);
  });
}

/** A rank-4 tensor that already exists channels-first: ops that do not care about layout keep it that way. */
const isChannelsFirst = (v: Value) => v.shape.length === 4 && v.nchw !== undefined;

/** A constant that broadcasts over TF's channel (last) axis only: one value, or one per channel. */
function perChannel(v: Value, channels: number): boolean {
  if (!v.constant) return false;
  const leading = v.shape.slice(0, -1);
  return (
    v.constant.length === 1 || (v.shape.at(-1) === channels && leading.every((d) => d === 1) && v.shape.length <= 4)
  );
}

/** Elementwise arithmetic TF graphs compute on constants (shape arithmetic), folded at build time. */
const FOLDS: Readonly<Record<string, (a: number, b: number) => number>> = {
  Add: (a, b) => a + b,
  Mul: (a, b) => a * b,
};

/** Folds `onnxOp` over constant inputs of equal length or single values (numpy broadcasting of those cases). */
function foldElementwise(ctx: OpContext, onnxOp: string, shape: readonly number[]): Value | undefined {
  const fold = FOLDS[onnxOp];
  const data = ctx.inputs.map((v) => v.constant);
  if (!fold || data.length < 2 || data.some((d) => d === undefined)) return undefined;
  const length = count(shape);
  const arrays = data as ConstData[];
  if (arrays.some((a) => a.length !== length && a.length !== 1)) ctx.fail('cannot fold this broadcast at build time');
  const first = ctx.inputs[0]!;
  const out = first.dtype === 'int32' ? new Int32Array(length) : new Float32Array(length);
  for (let i = 0; i < length; i++)
    out[i] = arrays.map((a) => a[a.length === 1 ? 0 : i]!).reduce((acc, value) => fold(acc, value));
  return { shape, dtype: first.dtype, name: ctx.node.name, constant: out };
}

/**
 * An elementwise ONNX op over all the node's inputs. It runs channels-first when every non-constant input already
 * is (rank 4) and every constant is a single value or one per channel (a bias, a scale), and in TF's
 * layout otherwise (broadcasting follows TF's axes there). Over constants only, add and multiply fold.
 */
function elementwise(
  onnxOp: string,
  extra: Readonly<{
    attrs?: (ctx: OpContext) => Record<string, Attr>;
    /** Constant inputs ONNX takes after the data (Clip's bounds). */
    inputs?: (g: GraphBuilder) => string[];
  }> = {},
): OpConverter {
  return (ctx) => {
    const { inputs } = ctx;
    const shape = broadcastShape(
      ctx,
      inputs.map((v) => v.shape),
    );
    const first = inputs[0] ?? ctx.fail('has no inputs');
    const folded = foldElementwise(ctx, onnxOp, shape);
    if (folded) return [folded];
    const channels = shape.at(-1) ?? -1;
    const variables = inputs.filter((v) => !v.constant);
    const channelsFirst =
      shape.length === 4 &&
      variables.length > 0 &&
      // Rank-4 tensors broadcast the same way in either layout (the axes move together).
      variables.every(isChannelsFirst) &&
      inputs.every((v) => !v.constant || perChannel(v, channels));
    const operand = (v: Value): string => {
      if (!channelsFirst) return ctx.inTfLayout(v);
      if (!v.constant) return ctx.inNchw(v);
      const dims = v.constant.length === 1 ? [] : [v.constant.length, 1, 1];
      return ctx.g.constant(v.constant, dims, hintOf(v.name));
    };
    const y = ctx.g.node(onnxOp, [...inputs.map(operand), ...(extra.inputs?.(ctx.g) ?? [])], extra.attrs?.(ctx));
    return [{ shape, dtype: first.dtype, name: ctx.node.name, ...(channelsFirst ? { nchw: y } : { tfLayout: y }) }];
  };
}

/** TF Pad (zero padding) and PadV2 (padding with a constant value): paddings [rank, 2] of (before, after). */
const pad: OpConverter = (ctx) => {
  const [x, paddings, value] = ctx.inputs;
  if (!x || !paddings) return ctx.fail('needs an input and paddings');
  const fill = value ? ctx.constantInput(2) : undefined;
  if (fill && fill.length !== 1) ctx.fail('the padding value must be a single number');
  const p = ctx.constantInput(1);
  if (p.length !== 2 * x.shape.length) ctx.fail(`paddings [${p.join(', ')}] do not fit rank ${x.shape.length}`);
  const before = x.shape.map((_, axis) => p[2 * axis]!);
  const after = x.shape.map((_, axis) => p[2 * axis + 1]!);
  const shape = x.shape.map((d, axis) => (d < 0 ? d : d + before[axis]! + after[axis]!));
  const channelsFirst = isChannelsFirst(x);
  const order = channelsFirst ? TO_NCHW : x.shape.map((_, axis) => axis);
  const pads = [...order.map((axis) => before[axis]!), ...order.map((axis) => after[axis]!)];
  const y = ctx.g.node('Pad', [
    channelsFirst ? ctx.inNchw(x) : ctx.inTfLayout(x),
    ctx.g.constant(BigInt64Array.from(pads, BigInt), [pads.length], 'pads'),
    ...(fill ? [ctx.g.constant(fill, [], 'pad_value')] : []),
  ]);
  return [{ shape, dtype: x.dtype, name: ctx.node.name, ...(channelsFirst ? { nchw: y } : { tfLayout: y }) }];
};

/** TF Reshape with a constant target shape (one -1 allowed); always in TF's layout, since it reorders elements. */
const reshape: OpConverter = (ctx) => {
  const [x] = ctx.inputs;
  if (!x) return ctx.fail('needs an input');
  const target = [...ctx.constantInput(1)];
  // ONNX reads 0 as "keep this dimension"; in TF it is an empty one.
  if (target.includes(0)) ctx.fail(`shape [${target.join(', ')}] has a 0 dimension`);
  const known = count(target.filter((d) => d !== -1));
  const total = x.shape.some((d) => d < 0) ? -1 : count(x.shape);
  const shape = target.map((d) => (d !== -1 ? d : total < 0 ? -1 : total / known));
  if (total >= 0 && count(shape) !== total)
    ctx.fail(`cannot reshape [${x.shape.join(', ')}] to [${target.join(', ')}]`);
  const y = ctx.g.node('Reshape', [
    ctx.inTfLayout(x),
    ctx.g.constant(BigInt64Array.from(target, BigInt), [target.length], 'shape'),
  ]);
  return [{ shape, dtype: x.dtype, name: ctx.node.name, tfLayout: y }];
};

/** A TF axis given as a constant input (negative counts from the end), checked against the rank. */
function axisInput(ctx: OpContext, index: number, rank: number): number {
  const data = ctx.constantInput(index);
  if (data.length !== 1) ctx.fail('the axis must be a single number');
  const axis = data[0]! < 0 ? data[0]! + rank : data[0]!;
  if (axis < 0 || axis >= rank) ctx.fail(`axis ${data[0]} does not fit rank ${rank}`);
  return axis;
}

const sameList = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * TF Transpose with a constant permutation. Between NHWC and NCHW (the pairs onnx-tf wraps around every convolution)
 * it costs nothing: the result's channels-first form of one is the other's TF layout.
 */
const transpose: OpConverter = (ctx) => {
  const [x] = ctx.inputs;
  if (!x) return ctx.fail('needs an input');
  const perm = [...ctx.constantInput(1)];
  if (
    !sameList(
      [...perm].sort((a, b) => a - b),
      x.shape.map((_, i) => i),
    )
  )
    ctx.fail(`[${perm.join(', ')}] is not a permutation of rank ${x.shape.length}`);
  const shape = perm.map((axis) => x.shape[axis]!);
  const name = ctx.node.name;
  if (x.shape.length === 4 && sameList(perm, TO_NHWC))
    return [{ shape, dtype: x.dtype, name, nchw: ctx.inTfLayout(x) }];
  if (x.shape.length === 4 && sameList(perm, TO_NCHW))
    return [{ shape, dtype: x.dtype, name, tfLayout: ctx.inNchw(x) }];
  const y = ctx.g.node('Transpose', [ctx.inTfLayout(x)], { perm: attr.ints(perm) });
  return [{ shape, dtype: x.dtype, name, tfLayout: y }];
};

/** TF ConcatV2: N tensors then a constant axis. Channels-first inputs joined on TF's channel axis stay so. */
const concat: OpConverter = (ctx) => {
  const parts = ctx.inputs.slice(0, -1);
  const first = parts[0] ?? ctx.fail('needs inputs to join');
  const rank = first.shape.length;
  const axis = axisInput(ctx, ctx.inputs.length - 1, rank);
  if (parts.some((v) => v.shape.length !== rank || v.shape.some((d, i) => i !== axis && d !== first.shape[i])))
    ctx.fail(`cannot join shapes ${parts.map((v) => `[${v.shape.join(', ')}]`).join(' and ')} on axis ${axis}`);
  const sizes = parts.map((v) => v.shape[axis]!);
  const shape = first.shape.map((d, i) =>
    i !== axis ? d : sizes.some((n) => n < 0) ? -1 : sizes.reduce((a, b) => a + b),
  );
  const channelsFirst = rank === 4 && axis === 3 && parts.every(isChannelsFirst);
  const y = ctx.g.node(
    'Concat',
    parts.map((v) => (channelsFirst ? ctx.inNchw(v) : ctx.inTfLayout(v))),
    { axis: attr.int(channelsFirst ? 1 : axis) },
  );
  return [{ shape, dtype: first.dtype, name: ctx.node.name, ...(channelsFirst ? { nchw: y } : { tfLayout: y }) }];
};

/** TF SplitV (constant sizes, one -1 allowed, and a constant axis) → ONNX Split, in TF's layout. */
const splitV: OpConverter = (ctx) => {
  const [x] = ctx.inputs;
  if (!x) return ctx.fail('needs an input');
  const axis = axisInput(ctx, 2, x.shape.length);
  const total = x.shape[axis]!;
  if (total < 0) ctx.fail(`axis ${axis} has a size unknown until run time`);
  const sizes = [...ctx.constantInput(1)];
  const known = sizes.filter((n) => n !== -1).reduce((a, b) => a + b, 0);
  const resolved = sizes.map((n) => (n === -1 ? total - known : n));
  if (
    sizes.filter((n) => n === -1).length > 1 ||
    resolved.some((n) => n < 0) ||
    resolved.reduce((a, b) => a + b, 0) !== total
  )
    ctx.fail(`sizes [${sizes.join(', ')}] do not split ${total}`);
  if (resolved.length !== attrInt(ctx.node, 'num_split', resolved.length))
    ctx.fail(`num_split differs from the ${resolved.length} sizes`);
  const outputs = ctx.g.nodeN(
    'Split',
    [ctx.inTfLayout(x), ctx.g.constant(BigInt64Array.from(resolved, BigInt), [resolved.length], 'split')],
    resolved.length,
    { axis: attr.int(axis) },
  );
  return outputs.map((tfLayout, i) => ({
    shape: x.shape.map((d, k) => (k === axis ? resolved[i]! : d)),
    dtype: x.dtype,
    name: `${ctx.node.name}:${i}`,
    tfLayout,
  }));
};

/** TF ResizeBilinear to a constant size → ONNX Resize (linear) channels-first, with TF's pixel-centre convention. */
const resizeBilinear: OpConverter = (ctx) => {
  const [x] = ctx.inputs;
  if (!x || x.shape.length !== 4) return ctx.fail('needs a 4-D input');
  const size = [...ctx.constantInput(1)];
  if (size.length !== 2 || size.some((d) => d <= 0)) ctx.fail(`size [${size.join(', ')}] is not [height, width]`);
  const halfPixel = attrBool(ctx.node, 'half_pixel_centers', false);
  const alignCorners = attrBool(ctx.node, 'align_corners', false);
  if (halfPixel && alignCorners) ctx.fail('half_pixel_centers and align_corners together are not supported');
  const [n, , , c] = x.shape as [number, number, number, number];
  if (n < 0 || c < 0) ctx.fail('batch and channels must be known at build time');
  const sizes = [n, c, size[0]!, size[1]!];
  const y = ctx.g.node(
    'Resize',
    [ctx.inNchw(x), '', '', ctx.g.constant(BigInt64Array.from(sizes, BigInt), [4], 'sizes')],
    {
      mode: attr.string('linear'),
      coordinate_transformation_mode: attr.string(
        halfPixel ? 'half_pixel' : alignCorners ? 'align_corners' : 'asymmetric',
      ),
    },
  );
  return [{ shape: [n, size[0]!, size[1]!, c], dtype: x.dtype, name: ctx.node.name, nchw: y }];
};

/**
 * TF Conv2DBackpropInput (a transposed convolution: output size, filter [h, w, out, in], input) → ONNX
 * ConvTranspose. The padding is the forward convolution's (TF SAME: the odd pixel at the end), written out, and
 * output_padding makes up any rows the stride leaves over, so the output has exactly the requested size.
 */
const convTranspose: OpConverter = (ctx) => {
  requireNhwc(ctx);
  const [, filter, x] = ctx.inputs;
  if (!filter || !x || x.shape.length !== 4 || filter.shape.length !== 4)
    return ctx.fail('needs a 4-D filter and input');
  const outputShape = [...ctx.constantInput(0)];
  const weights = ctx.constantInput(1);
  if (!(weights instanceof Float32Array)) return ctx.fail('filter must be float');
  const [kh, kw, cout, cin] = filter.shape as [number, number, number, number];
  if (x.shape[3] !== cin || outputShape[3] !== cout || outputShape.length !== 4)
    ctx.fail(
      `input [${x.shape.join(', ')}], filter [${filter.shape.join(', ')}] and output [${outputShape.join(', ')}] disagree`,
    );
  const strides = spatial(ctx, 'strides');
  const dilations = spatial(ctx, 'dilations', [1, 1, 1, 1]);
  if (dilations.some((d) => d !== 1)) ctx.fail('dilations are not supported');
  const padding = attrString(ctx.node, 'padding');
  if (padding !== 'SAME' && padding !== 'VALID') ctx.fail(`padding ${padding} is not supported`);
  const kernel = [kh, kw];
  const axes = [0, 1].map((axis) => {
    const out = outputShape[axis + 1]!;
    const input = x.shape[axis + 1]!;
    if (input < 0) ctx.fail('height and width must be known at build time');
    const total = padding === 'SAME' ? Math.max((input - 1) * strides[axis]! + kernel[axis]! - out, 0) : 0;
    const begin = Math.floor(total / 2);
    const extra = out - ((input - 1) * strides[axis]! + kernel[axis]! - total);
    if (extra < 0 || extra >= strides[axis]!) ctx.fail(`output size ${out} does not fit input ${input}`);
    return { begin, end: total - begin, extra };
  });
  const y = ctx.g.node(
    'ConvTranspose',
    [
      ctx.inNchw(x),
      ctx.g.constant(transpose4(weights, filter.shape, [3, 2, 0, 1]), [cin, cout, kh, kw], hintOf(filter.name)),
    ],
    {
      kernel_shape: attr.ints(kernel),
      strides: attr.ints(strides),
      pads: attr.ints([axes[0]!.begin, axes[1]!.begin, axes[0]!.end, axes[1]!.end]),
      output_padding: attr.ints(axes.map((a) => a.extra)),
    },
  );
  return [{ shape: outputShape, dtype: 'float32', name: ctx.node.name, nchw: y }];
};

/** TF SparseToDense over constants (how onnx-tf writes shape arithmetic), computed at build time. */
const sparseToDense: OpConverter = (ctx) => {
  const [indices, outputShape, values, fallback] = ctx.inputs;
  if (!indices || !outputShape || !values || !fallback) return ctx.fail('needs indices, shape, values and a default');
  const shape = [...ctx.constantInput(1)];
  const where = ctx.constantInput(0);
  const given = ctx.constantInput(2);
  const background = ctx.constantInput(3);
  if (background.length !== 1) ctx.fail('the default value must be a single number');
  const strides = shape.map((_, axis) => count(shape.slice(axis + 1)));
  const rank = indices.shape.length === 2 ? indices.shape[1]! : 1;
  if (rank !== shape.length) ctx.fail(`indices of rank ${rank} for an output of rank ${shape.length}`);
  const entries = where.length / rank;
  if (given.length !== entries && given.length !== 1) ctx.fail(`${given.length} values for ${entries} indices`);
  const out = values.dtype === 'int32' ? new Int32Array(count(shape)) : new Float32Array(count(shape));
  out.fill(background[0]!);
  for (let e = 0; e < entries; e++) {
    let offset = 0;
    for (let axis = 0; axis < rank; axis++) {
      const index = where[e * rank + axis]!;
      if (index < 0 || index >= shape[axis]!)
        ctx.fail(`index ${index} is outside axis ${axis} of [${shape.join(', ')}]`);
      offset += index * strides[axis]!;
    }
    out[offset] = given[given.length === 1 ? 0 : e]!;
  }
  return [{ shape, dtype: values.dtype, name: ctx.node.name, constant: out }];
};

// ── Sources ──────────────────────────────────────────────────────────────────────────────────────────────────────

const constant: OpConverter = (ctx) => {
  const weight = ctx.model.weights.get(ctx.node.name) ?? ctx.fail('has no value in the weights manifest');
  const declared = attrTensor(ctx.node, 'value');
  if (declared.shape.join() !== weight.shape.join())
    ctx.fail(`declares shape [${declared.shape.join(', ')}], its weights have [${weight.shape.join(', ')}]`);
  return [{ shape: weight.shape, dtype: dtypeOf(ctx, declared.dtype), name: ctx.node.name, constant: weight.data }];
};

/**
 * The converters, by TF op name. To support another op, add an entry: the converter gets the node and its inputs
 * and returns its outputs (a constant for anything it can compute at build time).
 */
const OPS = new Map<string, OpConverter>(
  Object.entries({
    Const: constant,
    Placeholder: (ctx) => [ctx.graphInput()],
    Identity: (ctx) => [ctx.inputs[0] ?? ctx.fail('needs an input')],
    _FusedConv2D: (ctx) => convolution(ctx, 'conv'),
    Conv2D: (ctx) => convolution(ctx, 'conv'),
    DepthwiseConv2dNative: (ctx) => convolution(ctx, 'depthwise'),
    Conv2DBackpropInput: convTranspose,
    MaxPool: pool('MaxPool'),
    // TF's AvgPool divides by the window's pixels inside the input, as ONNX's default count_include_pad = 0 does.
    AvgPool: pool('AveragePool'),
    ResizeBilinear: resizeBilinear,
    Add: elementwise('Add'),
    AddV2: elementwise('Add'),
    AddN: elementwise('Sum'),
    Mul: elementwise('Mul'),
    Relu: elementwise('Relu'),
    Relu6: elementwise('Clip', { inputs: relu6Bounds }),
    LeakyRelu: elementwise('LeakyRelu', { attrs: (ctx) => ({ alpha: attr.float(attrFloat(ctx.node, 'alpha', 0.2)) }) }),
    Sigmoid: elementwise('Sigmoid'),
    Pad: pad,
    PadV2: pad,
    Reshape: reshape,
    Transpose: transpose,
    ConcatV2: concat,
    SplitV: splitV,
    SparseToDense: sparseToDense,
  } satisfies Record<string, OpConverter>),
);

// ── Driver ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** The nodes `roots` depend on, each after its inputs; nodes nothing asked for are left out. */
export function topologicalOrder(model: GraphModel, roots: readonly string[]): TfNode[] {
  const order: TfNode[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: { node: TfNode; next: number }[] = [];
  const visit = (name: string, reader: string) => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'open') throw new Error(`graph has a cycle through node ${name}`);
    const node = model.nodes.get(name);
    if (!node) throw new Error(`${reader} reads node ${name}, which is not in the graph`);
    state.set(name, 'open');
    stack.push({ node, next: 0 });
  };
  for (const root of roots) {
    visit(root, 'the request');
    while (stack.length > 0) {
      const top = stack.at(-1)!;
      const input = top.node.inputs[top.next++];
      if (input) {
        visit(input.node, `node ${top.node.name}`);
      } else {
        stack.pop();
        state.set(top.node.name, 'done');
        order.push(top.node);
      }
    }
  }
  return order;
}

/** An ONNX shape for a TF one: unknown dimensions become named ones. */
export function onnxShape(shape: readonly number[], name: string): Shape {
  return shape.map((d, i) => (d < 0 ? `${name}_dim${i}` : d));
}

export type ConvertRequest = Readonly<{
  /** ONNX names for the graph inputs, by Placeholder node name; a Placeholder not listed keeps its TF name. */
  inputs?: Readonly<Record<string, string>>;
  /**
   * Shapes replacing the ones Placeholders declare, by Placeholder node name: -1 leaves a dimension free (e.g. a
   * fully convolutional graph's height and width); a known dimension must match the declared one.
   */
  inputShapes?: Readonly<Record<string, readonly number[]>>;
  /**
   * Placeholders (rank 4, NHWC in TF) to declare channels-first (NCHW) in ONNX, by node name: a convolution then reads
   * the input as it is, with no Transpose in front of it.
   */
  channelsFirstInputs?: readonly string[];
  /** The TF tensors wanted, as `node` or `node:k`. */
  tensors: readonly string[];
}>;

/** A converted tensor: an ONNX value in TF's layout, with its TF shape (-1 where unknown). */
export type ConvertedTensor = Readonly<{ value: string; shape: readonly number[]; dtype: DType }>;

/**
 * Adds to `g` the part of the TF graph that `request.tensors` depend on, declaring its Placeholders as graph inputs,
 * and returns the requested tensors. For builders that post-process the outputs inside the ONNX graph.
 */
export function convertTensors(g: GraphBuilder, model: GraphModel, request: ConvertRequest): ConvertedTensor[] {
  const wanted = request.tensors.map((text): TfInputRef => {
    const ref = parseInputRef(text);
    if (!ref) throw new Error(`${text} names a control dependency, not a tensor`);
    return ref;
  });
  const order = topologicalOrder(
    model,
    wanted.map((ref) => ref.node),
  );
  const unsupported = order.filter((node) => !OPS.has(node.op));
  if (unsupported.length > 0) {
    const list = unsupported.map((node) => `${node.op} (node ${node.name})`).join(', ');
    throw new Error(`cannot convert to ONNX: unsupported TF op${unsupported.length > 1 ? 's' : ''} ${list}`);
  }

  const inTfLayout = (v: Value): string => {
    if (v.tfLayout === undefined) {
      if (v.constant) v.tfLayout = g.constant(v.constant, v.shape, hintOf(v.name));
      else if (v.nchw !== undefined) v.tfLayout = g.node('Transpose', [v.nchw], { perm: attr.ints(TO_NHWC) });
      else throw new Error(`tensor ${v.name} has no ONNX value`);
    }
    return v.tfLayout;
  };
  const inNchw = (v: Value): string => {
    if (v.shape.length !== 4) throw new Error(`tensor ${v.name} of shape [${v.shape.join(', ')}] is not 4-D`);
    v.nchw ??= g.node('Transpose', [inTfLayout(v)], { perm: attr.ints(TO_NCHW) });
    return v.nchw;
  };

  const values = new Map<string, readonly Value[]>();
  const lookup = (ref: TfInputRef, reader: string): Value => {
    const value = values.get(ref.node)?.[ref.output];
    if (!value) throw new Error(`${reader} reads output ${ref.output} of ${ref.node}, which has no such output`);
    return value;
  };
  for (const node of order) {
    const inputs = node.inputs.map((ref) => lookup(ref, `node ${node.name}`));
    const fail = (message: string): never => {
      throw new Error(`${node.op} node ${node.name}: ${message}`);
    };
    const ctx: OpContext = {
      g,
      node,
      model,
      inputs,
      inTfLayout,
      inNchw,
      fail,
      constantInput: (index) => inputs[index]?.constant ?? fail(`input ${index} must be a constant`),
      graphInput: () => {
        const name = request.inputs?.[node.name] ?? node.name;
        const dtype = dtypeOf(ctx, attrType(node, 'dtype'));
        const declared = attrShape(node, 'shape') ?? fail('has no known rank');
        const shape = request.inputShapes?.[node.name] ?? declared;
        if (shape.length !== declared.length || shape.some((d, i) => d >= 0 && declared[i]! >= 0 && d !== declared[i]))
          fail(`shape [${shape.join(', ')}] does not fit the declared [${declared.join(', ')}]`);
        if (!request.channelsFirstInputs?.includes(node.name))
          return { shape, dtype, name, tfLayout: g.input(name, dtype, onnxShape(shape, name)) };
        if (shape.length !== 4) fail(`shape [${shape.join(', ')}] is not 4-D: it has no channels-first form`);
        // Named after the TF axes they hold, so a free height is `input_dim1` in either layout.
        const dims = onnxShape(shape, name);
        return {
          shape,
          dtype,
          name,
          nchw: g.input(
            name,
            dtype,
            TO_NCHW.map((axis) => dims[axis]!),
          ),
        };
      },
    };
    values.set(node.name, OPS.get(node.op)!(ctx));
  }
  return wanted.map((ref) => {
    const value = lookup(ref, 'the request');
    return { value: inTfLayout(value), shape: value.shape, dtype: value.dtype };
  });
}

export type ConvertOptions = Readonly<{
  graphName: string;
  /** ONNX names for the graph inputs, by Placeholder node name (default: the TF name). */
  inputs?: Readonly<Record<string, string>>;
  /** Shapes replacing the declared ones, by Placeholder node name (see ConvertRequest). */
  inputShapes?: Readonly<Record<string, readonly number[]>>;
  /** Placeholders declared channels-first (see ConvertRequest). */
  channelsFirstInputs?: readonly string[];
  /** The graph outputs: TF tensor (`node` or `node:k`) and the ONNX output name. */
  outputs: readonly Readonly<{ tensor: string; name: string }>[];
  meta?: ModelMeta;
}>;

/** Converts a TF.js graph model to ONNX bytes; the same model and options always give the same bytes. */
export function convertGraph(model: GraphModel, options: ConvertOptions): Uint8Array {
  const g = createGraph(options.graphName);
  const tensors = convertTensors(g, model, {
    inputs: options.inputs,
    inputShapes: options.inputShapes,
    channelsFirstInputs: options.channelsFirstInputs,
    tensors: options.outputs.map((o) => o.tensor),
  });
  options.outputs.forEach((output, i) => {
    const t = tensors[i]!;
    g.output(t.value, output.name, t.dtype, onnxShape(t.shape, output.name));
  });
  return g.encode(options.meta ?? { producer: 'facets-modelbuild' });
}
