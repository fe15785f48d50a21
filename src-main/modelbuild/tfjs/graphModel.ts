import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { readWeights, type Weight } from './weights.js';

/*
 * Reads a TF.js graph model (model.json + weight shards): the TF GraphDef nodes as the converter exported them, with
 * attribute values decoded on access. Plain data, no TF.js: the ONNX converter walks it, TF.js only checks the result.
 */

/** protobuf's JSON mapping writes int64 as a string, and a float that is NaN or ±Infinity as a string too. */
const IntLike = z.union([z.string(), z.number()]);
const FloatLike = z.union([z.number(), z.string()]);

const TensorShapeJson = z.object({
  dim: z.array(z.object({ size: IntLike.optional() })).optional(),
  unknownRank: z.boolean().optional(),
});
type TensorShapeJson = z.infer<typeof TensorShapeJson>;

const AttrValueJson = z.object({
  i: IntLike.optional(),
  f: FloatLike.optional(),
  b: z.boolean().optional(),
  s: z.string().optional(),
  type: z.string().optional(),
  shape: TensorShapeJson.optional(),
  tensor: z.object({ dtype: z.string().optional(), tensorShape: TensorShapeJson.optional() }).optional(),
  list: z
    .object({
      i: z.array(IntLike).optional(),
      f: z.array(FloatLike).optional(),
      s: z.array(z.string()).optional(),
      b: z.array(z.boolean()).optional(),
      type: z.array(z.string()).optional(),
      shape: z.array(TensorShapeJson).optional(),
    })
    .optional(),
});
export type AttrValue = z.infer<typeof AttrValueJson>;

const NodeJson = z.object({
  name: z.string(),
  op: z.string(),
  input: z.array(z.string()).optional(),
  attr: z.record(z.string(), AttrValueJson).optional(),
});

const WeightSpecJson = z.object({
  name: z.string(),
  shape: z.array(z.number().int()),
  dtype: z.enum(['float32', 'int32', 'bool']),
  quantization: z
    .object({
      dtype: z.enum(['uint8', 'uint16', 'float16']),
      scale: z.number().optional(),
      min: z.number().optional(),
      original_dtype: z.enum(['float32', 'int32']).optional(),
    })
    .optional(),
});

const TensorInfoJson = z.object({
  name: z.string(),
  dtype: z.string().optional(),
  tensorShape: TensorShapeJson.optional(),
});
const SignatureJson = z.object({
  inputs: z.record(z.string(), TensorInfoJson),
  outputs: z.record(z.string(), TensorInfoJson),
});

const ModelJson = z.object({
  format: z.literal('graph-model').optional(),
  modelTopology: z.object({ node: z.array(NodeJson) }),
  weightsManifest: z.array(z.object({ paths: z.array(z.string()), weights: z.array(WeightSpecJson) })),
  // The converter writes the signature at the top level or, in older versions, inside userDefinedMetadata.
  signature: SignatureJson.optional(),
  userDefinedMetadata: z.object({ signature: SignatureJson.optional() }).optional(),
});

/** One input of a node: output `output` of node `node` (TF writes `name:1`; `name` alone is output 0). */
export type TfInputRef = Readonly<{ node: string; output: number }>;

export type TfNode = Readonly<{
  name: string;
  op: string;
  /** Data inputs only: control dependencies (`^name`) order execution in TF and carry no value. */
  inputs: readonly TfInputRef[];
  attr: Readonly<Record<string, AttrValue>>;
}>;

/** A signature tensor: `name` is the TF tensor name (`Identity:0`); -1 marks an unknown dimension. */
export type TfTensorInfo = Readonly<{ name: string; dtype: string | undefined; shape: readonly number[] | undefined }>;

export type GraphModel = Readonly<{
  /** Every node, in model.json order, by name. */
  nodes: ReadonlyMap<string, TfNode>;
  /** Constant values, keyed by the name of the Const node that holds them. */
  weights: ReadonlyMap<string, Weight>;
  signature: Readonly<{ inputs: readonly TfTensorInfo[]; outputs: readonly TfTensorInfo[] }> | undefined;
}>;

export function parseInputRef(text: string): TfInputRef | undefined {
  if (text.startsWith('^')) return undefined;
  const match = /^(.*):(\d+)$/.exec(text);
  return match ? { node: match[1]!, output: Number(match[2]) } : { node: text, output: 0 };
}

function shapeOf(json: TensorShapeJson | undefined): readonly number[] | undefined {
  if (!json || json.unknownRank) return undefined;
  // proto3 JSON leaves out a field at its default, so a dimension written as {} has size 0.
  return (json.dim ?? []).map((d) => Number(d.size ?? 0));
}

/** Reads a graph model's model.json and the weight shards its manifest names, from the same folder. */
export function readGraphModel(modelJsonPath: string): GraphModel {
  const model = ModelJson.parse(JSON.parse(readFileSync(modelJsonPath, 'utf8')));
  const nodes = new Map<string, TfNode>();
  for (const node of model.modelTopology.node) {
    if (nodes.has(node.name)) throw new Error(`graph model has two nodes named ${node.name}`);
    nodes.set(node.name, {
      name: node.name,
      op: node.op,
      inputs: (node.input ?? []).flatMap((text) => parseInputRef(text) ?? []),
      attr: node.attr ?? {},
    });
  }
  const signature = model.signature ?? model.userDefinedMetadata?.signature;
  const infos = (record: Readonly<Record<string, z.infer<typeof TensorInfoJson>>>) =>
    Object.values(record).map((info) => ({ name: info.name, dtype: info.dtype, shape: shapeOf(info.tensorShape) }));
  return {
    nodes,
    weights: readWeights(model.weightsManifest, dirname(modelJsonPath)),
    signature: signature && { inputs: infos(signature.inputs), outputs: infos(signature.outputs) },
  };
}

// ── Attribute access. Each accessor throws with the node's name when the attribute is missing or of another kind,
// unless the caller passes the value TF itself defaults to.

function read<T>(node: TfNode, key: string, kind: string, pick: (a: AttrValue) => T | undefined, fallback?: T): T {
  const value = node.attr[key];
  const picked = value === undefined ? undefined : pick(value);
  if (picked !== undefined) return picked;
  if (fallback !== undefined) return fallback;
  throw new Error(
    `${node.op} node ${node.name}: attribute ${key} (${kind}) is ${value ? 'of another kind' : 'missing'}`,
  );
}

const decodeBase64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

export const attrInt = (node: TfNode, key: string, fallback?: number): number =>
  read(node, key, 'int', (a) => (a.i === undefined ? undefined : Number(a.i)), fallback);

export const attrFloat = (node: TfNode, key: string, fallback?: number): number =>
  read(node, key, 'float', (a) => (a.f === undefined ? undefined : Number(a.f)), fallback);

export const attrBool = (node: TfNode, key: string, fallback?: boolean): boolean =>
  read(node, key, 'bool', (a) => a.b, fallback);

/** A string attribute (TF stores bytes; model.json carries them base64-encoded), e.g. padding "SAME". */
export const attrString = (node: TfNode, key: string, fallback?: string): string =>
  read(node, key, 'string', (a) => (a.s === undefined ? undefined : decodeBase64(a.s)), fallback);

/** The element type of a type attribute, e.g. "DT_FLOAT". */
export const attrType = (node: TfNode, key: string, fallback?: string): string =>
  read(node, key, 'type', (a) => a.type, fallback);

// An empty list is written as {"list": {}}: a present list without the field is an empty list, not a missing one.
export const attrInts = (node: TfNode, key: string, fallback?: readonly number[]): readonly number[] =>
  read(node, key, 'list of int', (a) => a.list && (a.list.i ?? []).map(Number), fallback);

export const attrStrings = (node: TfNode, key: string, fallback?: readonly string[]): readonly string[] =>
  read(node, key, 'list of string', (a) => a.list && (a.list.s ?? []).map(decodeBase64), fallback);

/** A shape attribute (Placeholder's `shape`); undefined for unknown rank, -1 for an unknown dimension. */
export const attrShape = (node: TfNode, key: string): readonly number[] | undefined =>
  read(node, key, 'shape', (a) => (a.shape ? { shape: shapeOf(a.shape) } : undefined)).shape;

/** The dtype and shape a Const node declares for its value (the values themselves are in the weights). */
export const attrTensor = (node: TfNode, key: string): Readonly<{ dtype: string; shape: readonly number[] }> =>
  read(node, key, 'tensor', (a) =>
    a.tensor ? { dtype: a.tensor.dtype ?? 'DT_INVALID', shape: shapeOf(a.tensor.tensorShape) ?? [] } : undefined,
  );
