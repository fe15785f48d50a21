import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
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
  readGraphModel,
} from './graphModel.js';

const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Writes a model.json (and its one-weight shard) as the TF.js converter does. */
function writeModel(nodes: readonly object[], extra: object = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'facets-graphmodel-'));
  writeFileSync(join(dir, 'w.bin'), Buffer.from(new Float32Array([0.5, -2]).buffer));
  const weightsManifest = [{ paths: ['w.bin'], weights: [{ name: 'c', shape: [2], dtype: 'float32' }] }];
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ modelTopology: { node: nodes }, weightsManifest, ...extra }));
  return join(dir, 'model.json');
}

const conv = {
  name: 'conv',
  op: '_FusedConv2D',
  input: ['x', 'c:0', 'split:1', '^init'],
  attr: {
    num_args: { i: '1' },
    epsilon: { f: 0.5 },
    use_cudnn_on_gpu: { b: true },
    padding: { s: base64('SAME') },
    T: { type: 'DT_FLOAT' },
    strides: { list: { i: ['1', '2', '2', '1'] } },
    explicit_paddings: { list: {} },
    fused_ops: { list: { s: [base64('BiasAdd'), base64('Relu6')] } },
  },
};
const placeholder = {
  name: 'x',
  op: 'Placeholder',
  attr: { shape: { shape: { dim: [{ size: '-1' }, { size: '8' }, {}] } }, dtype: { type: 'DT_FLOAT' } },
};
const constant = {
  name: 'c',
  op: 'Const',
  attr: {
    value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '2' }] } } },
    dtype: { type: 'DT_FLOAT' },
  },
};

describe('TF.js graph model reader', () => {
  it('reads nodes, data inputs (dropping control dependencies), weights and the signature', () => {
    const signature = {
      inputs: { 'x:0': { name: 'x:0', dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '-1' }, { size: '8' }] } } },
      outputs: { 'conv:0': { name: 'conv:0', dtype: 'DT_FLOAT' } },
    };
    const model = readGraphModel(writeModel([placeholder, constant, conv], { userDefinedMetadata: { signature } }));
    expect([...model.nodes.keys()]).toEqual(['x', 'c', 'conv']);
    expect(model.nodes.get('conv')!.inputs).toEqual([
      { node: 'x', output: 0 },
      { node: 'c', output: 0 },
      { node: 'split', output: 1 },
    ]);
    expect(Array.from(model.weights.get('c')!.data)).toEqual([0.5, -2]);
    expect(model.signature).toEqual({
      inputs: [{ name: 'x:0', dtype: 'DT_FLOAT', shape: [-1, 8] }],
      outputs: [{ name: 'conv:0', dtype: 'DT_FLOAT', shape: undefined }],
    });
  });

  it('decodes every attribute encoding model.json uses', () => {
    const model = readGraphModel(writeModel([placeholder, constant, conv]));
    const node = model.nodes.get('conv')!;
    expect(attrInt(node, 'num_args')).toBe(1);
    expect(attrFloat(node, 'epsilon')).toBe(0.5);
    expect(attrBool(node, 'use_cudnn_on_gpu')).toBe(true);
    expect(attrString(node, 'padding')).toBe('SAME');
    expect(attrType(node, 'T')).toBe('DT_FLOAT');
    expect(attrInts(node, 'strides')).toEqual([1, 2, 2, 1]);
    expect(attrInts(node, 'explicit_paddings')).toEqual([]);
    expect(attrStrings(node, 'fused_ops')).toEqual(['BiasAdd', 'Relu6']);
    // An omitted size is proto3's default, 0.
    expect(attrShape(model.nodes.get('x')!, 'shape')).toEqual([-1, 8, 0]);
    expect(attrTensor(model.nodes.get('c')!, 'value')).toEqual({ dtype: 'DT_FLOAT', shape: [2] });
  });

  it('uses TF defaults only when asked, and names the node when an attribute is missing or of another kind', () => {
    const node = readGraphModel(writeModel([placeholder, constant, conv])).nodes.get('conv')!;
    expect(attrString(node, 'data_format', 'NHWC')).toBe('NHWC');
    expect(attrInts(node, 'dilations', [1, 1, 1, 1])).toEqual([1, 1, 1, 1]);
    expect(() => attrInts(node, 'dilations')).toThrow(
      '_FusedConv2D node conv: attribute dilations (list of int) is missing',
    );
    expect(() => attrInt(node, 'padding')).toThrow('attribute padding (int) is of another kind');
  });

  it('parses tensor references', () => {
    expect(parseInputRef('a/b')).toEqual({ node: 'a/b', output: 0 });
    expect(parseInputRef('a/b:2')).toEqual({ node: 'a/b', output: 2 });
    expect(parseInputRef('^a/b')).toBeUndefined();
  });

  it('refuses duplicate node names and a malformed model.json', () => {
    expect(() => readGraphModel(writeModel([constant, constant]))).toThrow('graph model has two nodes named c');
    expect(() => readGraphModel(writeModel([{ name: 'n' }]))).toThrow();
  });
});
