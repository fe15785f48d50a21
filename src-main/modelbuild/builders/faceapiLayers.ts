import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { attr, type GraphBuilder } from '../onnx/onnxGraph.js';
import { readWeights, weight, type Weight, type WeightsGroup } from '../tfjs/weights.js';

/*
 * Layers shared by the face-api nets (FaceLandmark68Net, FaceRecognitionNet), written as ONNX nodes.
 * face-api computes in NHWC; these graphs run NCHW throughout (one Transpose at the input) with the filters
 * transposed once at build time, because that measured faster on onnxruntime than NHWC with Transpose pairs.
 */

/** A feature map in the graph: NCHW value name with its (square, static) spatial size and channel count. */
export type Feature = Readonly<{ value: string; size: number; channels: number }>;

/** TF.js padding modes as face-api passes them to conv2d / pooling. */
export type TfPadding = 'same' | 'valid';

/** face-api's normalisation of both nets' input: per-channel mean RGB subtracted, then divided by 255. */
export const FACEAPI_MEAN_RGB = [122.782, 117.001, 104.298] as const;

/** Reads `<modelName>-weights_manifest.json` and its shards from face-api's model folder, dequantized like TF.js. */
export function readFaceApiWeights(modelDir: string, modelName: string): Map<string, Weight> {
  const parsed: unknown = JSON.parse(readFileSync(join(modelDir, `${modelName}-weights_manifest.json`), 'utf8'));
  if (!Array.isArray(parsed) || !parsed.every((group) => isWeightsGroup(group)))
    throw new Error(`${modelName}: not a TF.js weights manifest`);
  return readWeights(parsed, modelDir);
}

function isWeightsGroup(value: unknown): value is WeightsGroup {
  if (typeof value !== 'object' || value === null) return false;
  const group = value as Record<string, unknown>;
  return Array.isArray(group['paths']) && Array.isArray(group['weights']);
}

function floats(w: Weight): Float32Array {
  if (!(w.data instanceof Float32Array)) throw new Error(`weight ${w.name} is not float32`);
  return w.data;
}

/** A TF.js filter [kh, kw, in, out] (depthwise: [kh, kw, channels, multiplier]) reordered to ONNX's [out, in, kh, kw]. */
function hwioToOihw(w: Weight): Float32Array {
  const [kh, kw, ci, co] = w.shape;
  if (kh === undefined || kw === undefined || ci === undefined || co === undefined || w.shape.length !== 4)
    throw new Error(`weight ${w.name}: expected a 4-d filter, got [${w.shape.join(', ')}]`);
  const src = floats(w);
  const out = new Float32Array(src.length);
  for (let y = 0; y < kh; y++)
    for (let x = 0; x < kw; x++)
      for (let i = 0; i < ci; i++)
        for (let o = 0; o < co; o++) out[((o * ci + i) * kh + y) * kw + x] = src[((y * kw + x) * ci + i) * co + o]!;
  return out;
}

/** TF's padding for one spatial axis: 'same' puts the odd pixel at the end, exactly ONNX's SAME_UPPER. */
function tfPads(size: number, kernel: number, stride: number, padding: TfPadding): { out: number; pads: number[] } {
  if (padding === 'valid') return { out: Math.floor((size - kernel) / stride) + 1, pads: [0, 0, 0, 0] };
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + kernel - size, 0);
  const before = Math.floor(total / 2);
  return { out, pads: [before, before, total - before, total - before] };
}

/**
 * Declares the graph input: N×size×size×3 RGB in 0..255 (NHWC, as face-api's batch tensor after its resize), and
 * applies face-api's own normalisation inside the graph, so callers feed plain pixels.
 */
export function normalizedImageInput(g: GraphBuilder, name: string, size: number): Feature {
  const image = g.input(name, 'float32', ['N', size, size, 3]);
  const nchw = g.node('Transpose', [image], { perm: attr.ints([0, 3, 1, 2]) });
  const mean = g.constant(Float32Array.from(FACEAPI_MEAN_RGB), [3, 1, 1], 'mean_rgb');
  const centred = g.node('Sub', [nchw, mean]);
  const value = g.node('Div', [centred, g.constant(new Float32Array([255]), [1], 'scale_255')]);
  return { value, size, channels: 3 };
}

/** tf.conv2d(x, filters, stride, padding) + bias. */
export function conv2d(
  g: GraphBuilder,
  x: Feature,
  filters: Weight,
  bias: Weight,
  stride: number,
  padding: TfPadding,
): Feature {
  const [kernel, , channelsIn, channelsOut] = filters.shape as [number, number, number, number];
  if (channelsIn !== x.channels)
    throw new Error(`${filters.name}: expects ${channelsIn} channels, input has ${x.channels}`);
  const { out, pads } = tfPads(x.size, kernel, stride, padding);
  const w = g.constant(hwioToOihw(filters), [channelsOut, channelsIn, kernel, kernel], 'w');
  const b = g.constant(floats(bias), [channelsOut], 'b');
  const value = g.node('Conv', [x.value, w, b], {
    kernel_shape: attr.ints([kernel, kernel]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints(pads),
  });
  return { value, size: out, channels: channelsOut };
}

/** tf.separableConv2d(x, depthwise, pointwise, stride, 'same') + bias: face-api's depthwiseSeparableConv. */
export function separableConv2d(
  g: GraphBuilder,
  weights: ReadonlyMap<string, Weight>,
  prefix: string,
  x: Feature,
  stride: number,
): Feature {
  const depthwise = weight(weights, `${prefix}/depthwise_filter`);
  const pointwise = weight(weights, `${prefix}/pointwise_filter`);
  const [kernel, , channels] = depthwise.shape as [number, number, number, number];
  if (channels !== x.channels)
    throw new Error(`${depthwise.name}: expects ${channels} channels, input has ${x.channels}`);
  const { out, pads } = tfPads(x.size, kernel, stride, 'same');
  const dw = g.constant(hwioToOihw(depthwise), [channels, 1, kernel, kernel], 'dw');
  const spatial = g.node('Conv', [x.value, dw], {
    group: attr.int(channels),
    kernel_shape: attr.ints([kernel, kernel]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints(pads),
  });
  return conv2d(g, { value: spatial, size: out, channels }, pointwise, weight(weights, `${prefix}/bias`), 1, 'valid');
}

export function relu(g: GraphBuilder, x: Feature): Feature {
  return { ...x, value: g.node('Relu', [x.value]) };
}

export function add(g: GraphBuilder, a: Feature, b: Feature): Feature {
  if (a.size !== b.size || a.channels !== b.channels) throw new Error('add: feature maps differ in shape');
  return { ...a, value: g.node('Add', [a.value, b.value]) };
}

/** tf.avgPool / tf.maxPool with a square window. */
export function pool(
  g: GraphBuilder,
  op: 'AveragePool' | 'MaxPool',
  x: Feature,
  kernel: number,
  stride: number,
  padding: TfPadding,
): Feature {
  const { out, pads } = tfPads(x.size, kernel, stride, padding);
  const value = g.node(op, [x.value], {
    kernel_shape: attr.ints([kernel, kernel]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints(pads),
  });
  return { value, size: out, channels: x.channels };
}

/** tf.matMul(x, weights) + bias (bias optional: the recognition net's fc has none). */
export function fullyConnected(g: GraphBuilder, x: string, weights: Weight, bias?: Weight): string {
  const [rows, cols] = weights.shape as [number, number];
  const product = g.node('MatMul', [x, g.constant(floats(weights), [rows, cols], 'fc_w')]);
  return bias ? g.node('Add', [product, g.constant(floats(bias), [cols], 'fc_b')]) : product;
}

/** Multiplies by a per-channel weight and adds a per-channel bias (NCHW broadcast). */
export function channelAffine(g: GraphBuilder, x: Feature, scale: Weight, shift: Weight): Feature {
  const dims = [x.channels, 1, 1];
  const scaled = g.node('Mul', [x.value, g.constant(floats(scale), dims, 'scale_w')]);
  return { ...x, value: g.node('Add', [scaled, g.constant(floats(shift), dims, 'scale_b')]) };
}

/** Appends zeros at the end of the channel axis and/or the bottom-right of the spatial axes, as face-api's tf.concat with zeros does. */
export function zeroPadEnd(g: GraphBuilder, x: Feature, channels: number, spatial: number): Feature {
  if (channels === 0 && spatial === 0) return x;
  const pads = g.constant(
    new BigInt64Array([0n, 0n, 0n, 0n, 0n, BigInt(channels), BigInt(spatial), BigInt(spatial)]),
    [8],
    'pads',
  );
  return { value: g.node('Pad', [x.value, pads]), size: x.size + spatial, channels: x.channels + channels };
}

/** Exposes the net's [N, width] result under `outputName` and encodes the model, its contract in the doc string. */
export function encodeFaceApiModel(
  g: GraphBuilder,
  result: Readonly<{ value: string; outputName: string; width: number }>,
  source: Readonly<{ modelName: string; inputSize: number; doc: string }>,
): Uint8Array {
  g.output(result.value, result.outputName, 'float32', ['N', result.width]);
  return g.encode({
    producer: 'facets',
    docString: source.doc,
    metadata: {
      source: `@vladmandic/face-api@1.7.15 ${source.modelName}`,
      input: `NHWC RGB 0..255 ${source.inputSize}x${source.inputSize}`,
    },
  });
}
