import { attr, createGraph, type GraphBuilder } from '../onnx/onnxGraph.js';
import { weight, type Weight } from '../tfjs/weights.js';
import {
  add,
  channelAffine,
  conv2d,
  encodeFaceApiModel,
  fullyConnected,
  normalizedImageInput,
  pool,
  readFaceApiWeights,
  relu,
  zeroPadEnd,
  type Feature,
  type TfPadding,
} from './faceapiLayers.js';

const MODEL_NAME = 'face_recognition_model';

export const FACE_RECOGNITION_INPUT = 'image';
export const FACE_RECOGNITION_OUTPUT = 'descriptor';
export const FACE_RECOGNITION_SIZE = 150;

const DOC = [
  'face-api 1.7.15 FaceRecognitionNet (dlib ResNet-34-like face descriptor; weights: face_recognition_model),',
  'converted to ONNX by Facets.',
  `Input "${FACE_RECOGNITION_INPUT}": float32 [N, 150, 150, 3], RGB 0..255, an aligned face chip; mean RGB and /255`,
  'are applied inside.',
  `Output "${FACE_RECOGNITION_OUTPUT}": float32 [N, 128], the descriptor exactly as face-api returns it (not`,
  'L2-normalised; norms ≈ 1.3): compare by Euclidean distance, dlib threshold 0.6.',
].join(' ');

type Weights = ReadonlyMap<string, Weight>;

/** face-api's convLayer: conv + bias, then the dlib "scale" layer (per-channel affine), optionally ReLU. */
function convLayer(
  g: GraphBuilder,
  weights: Weights,
  prefix: string,
  x: Feature,
  stride: number,
  withRelu: boolean,
  padding: TfPadding = 'same',
): Feature {
  const w = (name: string) => weight(weights, `${prefix}/${name}`);
  const conv = conv2d(g, x, w('conv/filters'), w('conv/bias'), stride, padding);
  const scaled = channelAffine(g, conv, w('scale/weights'), w('scale/biases'));
  return withRelu ? relu(g, scaled) : scaled;
}

function residual(g: GraphBuilder, weights: Weights, prefix: string, x: Feature): Feature {
  const out = convLayer(g, weights, `${prefix}/conv1`, x, 1, true);
  const out2 = convLayer(g, weights, `${prefix}/conv2`, out, 1, false);
  return relu(g, add(g, out2, x));
}

/**
 * face-api's residualDown: the shortcut is a 2×2 average pool, zero-padded in channels when the block widens; when the
 * strided 'valid' conv comes out one pixel smaller than the pool, face-api appends a zero row and column to it.
 */
function residualDown(g: GraphBuilder, weights: Weights, prefix: string, x: Feature): Feature {
  const down = convLayer(g, weights, `${prefix}/conv1`, x, 2, true, 'valid');
  let out = convLayer(g, weights, `${prefix}/conv2`, down, 1, false);
  let pooled = pool(g, 'AveragePool', x, 2, 2, 'valid');
  out = zeroPadEnd(g, out, 0, pooled.size - out.size);
  pooled = zeroPadEnd(g, pooled, out.channels - pooled.channels, 0);
  return relu(g, add(g, pooled, out));
}

/**
 * Builds face-api's FaceRecognitionNet as an ONNX model with a dynamic batch dimension. `modelDir` is face-api's
 * `model/` folder. See DOC for the input/output contract.
 */
export function buildFaceRecognition(modelDir: string): Uint8Array {
  const weights = readFaceApiWeights(modelDir, MODEL_NAME);
  const g = createGraph('face_recognition');
  let x = normalizedImageInput(g, FACE_RECOGNITION_INPUT, FACE_RECOGNITION_SIZE);
  x = convLayer(g, weights, 'conv32_down', x, 2, true, 'valid');
  x = pool(g, 'MaxPool', x, 3, 2, 'valid');
  for (const block of ['conv32_1', 'conv32_2', 'conv32_3']) x = residual(g, weights, block, x);
  x = residualDown(g, weights, 'conv64_down', x);
  for (const block of ['conv64_1', 'conv64_2', 'conv64_3']) x = residual(g, weights, block, x);
  x = residualDown(g, weights, 'conv128_down', x);
  for (const block of ['conv128_1', 'conv128_2']) x = residual(g, weights, block, x);
  x = residualDown(g, weights, 'conv256_down', x);
  for (const block of ['conv256_1', 'conv256_2']) x = residual(g, weights, block, x);
  x = residualDown(g, weights, 'conv256_down_out', x);
  const globalAverage = g.node('ReduceMean', [x.value], { axes: attr.ints([2, 3]), keepdims: attr.int(0) });
  const descriptor = fullyConnected(g, globalAverage, weight(weights, 'fc'));
  return encodeFaceApiModel(
    g,
    { value: descriptor, outputName: FACE_RECOGNITION_OUTPUT, width: 128 },
    { modelName: MODEL_NAME, inputSize: FACE_RECOGNITION_SIZE, doc: DOC },
  );
}
