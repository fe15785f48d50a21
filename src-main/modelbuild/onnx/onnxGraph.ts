import { ATTRIBUTE_TYPE, DATA_TYPE, ModelProto, type DType } from './onnxSchema.js';

export type TensorData = Float32Array | Int32Array | BigInt64Array | Uint8Array;
export type Tensor = Readonly<{ dtype: DType; dims: readonly number[]; data: TensorData }>;

export type Attr =
  | Readonly<{ kind: 'float'; value: number }>
  | Readonly<{ kind: 'int'; value: number }>
  | Readonly<{ kind: 'floats'; value: readonly number[] }>
  | Readonly<{ kind: 'ints'; value: readonly number[] }>
  | Readonly<{ kind: 'string'; value: string }>
  | Readonly<{ kind: 'tensor'; value: Tensor }>;

/** Attribute constructors: ONNX tells an int from a float by its declared type, not by its value. */
export const attr = {
  float: (value: number): Attr => ({ kind: 'float', value }),
  int: (value: number): Attr => ({ kind: 'int', value }),
  floats: (value: readonly number[]): Attr => ({ kind: 'floats', value }),
  ints: (value: readonly number[]): Attr => ({ kind: 'ints', value }),
  string: (value: string): Attr => ({ kind: 'string', value }),
  tensor: (value: Tensor): Attr => ({ kind: 'tensor', value }),
};

export type Shape = readonly (number | string)[];

export type GraphBuilder = Readonly<{
  /** Declares a graph input; returns its value name. */
  input(name: string, dtype: DType, shape: Shape): string;
  /** Exposes `value` as a graph output called `name`. */
  output(value: string, name: string, dtype: DType, shape: Shape): void;
  /** A constant (initializer); `hint` makes the generated name readable. */
  constant(data: TensorData, dims: readonly number[], hint?: string): string;
  /** Adds a node with one output and returns that output's value name. */
  node(op: string, inputs: readonly string[], attrs?: Readonly<Record<string, Attr>>): string;
  /** Adds a node with several outputs. */
  nodeN(op: string, inputs: readonly string[], outputs: number, attrs?: Readonly<Record<string, Attr>>): string[];
  encode(meta: ModelMeta): Uint8Array;
}>;

export type ModelMeta = Readonly<{ producer: string; docString?: string; metadata?: Readonly<Record<string, string>> }>;

/** IR 7 / opset 13: what onnxruntime has run for years, and every op the converters need exists there. */
export const IR_VERSION = 7;
export const OPSET = 13;

function dtypeOf(data: TensorData): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof BigInt64Array) return 'int64';
  return 'uint8';
}

function tensorProto(name: string, tensor: Tensor) {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (count !== tensor.data.length) {
    throw new Error(
      `tensor ${name}: dims [${tensor.dims.join(', ')}] hold ${count} values, data has ${tensor.data.length}`,
    );
  }
  // Little-endian raw bytes, as ONNX requires; typed arrays are little-endian on every platform Node runs on.
  const raw = new Uint8Array(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength);
  return { name, dims: [...tensor.dims], dataType: DATA_TYPE[tensor.dtype], rawData: raw };
}

function attributeProto(name: string, a: Attr) {
  switch (a.kind) {
    case 'float':
      return { name, type: ATTRIBUTE_TYPE.float, f: a.value };
    case 'int':
      return { name, type: ATTRIBUTE_TYPE.int, i: a.value };
    case 'floats':
      return { name, type: ATTRIBUTE_TYPE.floats, floats: [...a.value] };
    case 'ints':
      return { name, type: ATTRIBUTE_TYPE.ints, ints: [...a.value] };
    case 'string':
      return { name, type: ATTRIBUTE_TYPE.string, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: ATTRIBUTE_TYPE.tensor, t: tensorProto(name, a.value) };
  }
}

function valueInfo(name: string, dtype: DType, shape: Shape) {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPE[dtype],
        shape: { dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/**
 * Builds an ONNX graph node by node. Names are generated from a counter, so the same build yields the same bytes
 * (and the same sha-256 in the manifest) every time.
 */
export function createGraph(name: string): GraphBuilder {
  const nodes: object[] = [];
  const initializers: object[] = [];
  const inputs: object[] = [];
  const outputs: object[] = [];
  const names = new Set<string>();
  let counter = 0;
  const fresh = (hint: string) => {
    let candidate: string;
    do candidate = `${hint}_${counter++}`;
    while (names.has(candidate));
    names.add(candidate);
    return candidate;
  };
  const claim = (value: string) => {
    if (names.has(value)) throw new Error(`duplicate value name ${value}`);
    names.add(value);
    return value;
  };
  const addNode = (op: string, ins: readonly string[], outs: string[], attrs: Readonly<Record<string, Attr>>) => {
    nodes.push({
      name: `${op}_node_${nodes.length}`,
      opType: op,
      input: [...ins],
      output: outs,
      attribute: Object.entries(attrs).map(([key, value]) => attributeProto(key, value)),
    });
  };
  return {
    input(inputName, dtype, shape) {
      inputs.push(valueInfo(claim(inputName), dtype, shape));
      return inputName;
    },
    output(value, outputName, dtype, shape) {
      addNode('Identity', [value], [claim(outputName)], {});
      outputs.push(valueInfo(outputName, dtype, shape));
    },
    constant(data, dims, hint = 'const') {
      const constName = fresh(hint);
      initializers.push(tensorProto(constName, { dtype: dtypeOf(data), dims, data }));
      return constName;
    },
    node(op, ins, attrs = {}) {
      const out = fresh(op.toLowerCase());
      addNode(op, ins, [out], attrs);
      return out;
    },
    nodeN(op, ins, count, attrs = {}) {
      const outs = Array.from({ length: count }, () => fresh(op.toLowerCase()));
      addNode(op, ins, outs, attrs);
      return outs;
    },
    encode(meta) {
      const model = {
        irVersion: IR_VERSION,
        producerName: meta.producer,
        producerVersion: '1',
        docString: meta.docString ?? '',
        opsetImport: [{ domain: '', version: OPSET }],
        metadataProps: Object.entries(meta.metadata ?? {}).map(([key, value]) => ({ key, value })),
        graph: { name, node: nodes, initializer: initializers, input: inputs, output: outputs },
      };
      const problem = ModelProto.verify(model);
      if (problem) throw new Error(`invalid ONNX model: ${problem}`);
      return ModelProto.encode(ModelProto.fromObject(model)).finish();
    },
  };
}
