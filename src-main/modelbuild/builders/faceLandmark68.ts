import { attr, createGraph, type GraphBuilder } from '../onnx/onnxGraph.js';
import { weight, type Weight } from '../tfjs/weights.js';
import {
  add,
  conv2d,
  encodeFaceApiModel,
  fullyConnected,
  normalizedImageInput,
  pool,
  readFaceApiWeights,
  relu,
  separableConv2d,
  type Feature,
} from './faceapiLayers.js';

const MODEL_NAME = 'face_landmark_68_model';

export const FACE_LANDMARK68_INPUT = 'image';
export const FACE_LANDMARK68_OUTPUT = 'landmarks';
export const FACE_LANDMARK68_SIZE = 112;

const DOC = [
  'face-api 1.7.15 FaceLandmark68Net (weights: face_landmark_68_model), converted to ONNX by Facets.',
  `Input "${FACE_LANDMARK68_INPUT}": float32 [N, 112, 112, 3], RGB 0..255, the face crop squared and resized to 112×112`,
  '(face-api pads the short side with zeros, centred, then resizes bilinearly); mean RGB and /255 are applied inside.',
  `Output "${FACE_LANDMARK68_OUTPUT}": float32 [N, 136] = x0, y0, x1, y1, … for the 68 iBUG points, as fractions of the`,
  '112×112 input (≈0..1, may stray slightly outside): pixel = value × 112 in the input crop.',
].join(' ');

/** face-api's denseBlock4: four (separable) convs whose outputs are summed densely, ReLU after each sum. */
function denseBlock4(
  g: GraphBuilder,
  weights: ReadonlyMap<string, Weight>,
  prefix: string,
  x: Feature,
  isFirst: boolean,
): Feature {
  const out1 = relu(
    g,
    isFirst
      ? conv2d(g, x, weight(weights, `${prefix}/conv0/filters`), weight(weights, `${prefix}/conv0/bias`), 2, 'same')
      : separableConv2d(g, weights, `${prefix}/conv0`, x, 2),
  );
  const out2 = separableConv2d(g, weights, `${prefix}/conv1`, out1, 1);
  const in3 = relu(g, add(g, out1, out2));
  const out3 = separableConv2d(g, weights, `${prefix}/conv2`, in3, 1);
  // face-api sums right to left: out1 + (out2 + (out3 + out4)); same order here keeps the float rounding identical.
  const in4 = relu(g, add(g, out1, add(g, out2, out3)));
  const out4 = separableConv2d(g, weights, `${prefix}/conv3`, in4, 1);
  return relu(g, add(g, out1, add(g, out2, add(g, out3, out4))));
}

/**
 * Builds face-api's FaceLandmark68Net (FaceFeatureExtractor's four dense blocks, 7×7 average pool, fully connected
 * 256→136) as an ONNX model. `modelDir` is face-api's `model/` folder. See DOC for the input/output contract.
 */
export function buildFaceLandmark68(modelDir: string): Uint8Array {
  const weights = readFaceApiWeights(modelDir, MODEL_NAME);
  const g = createGraph('face_landmark_68');
  let x = normalizedImageInput(g, FACE_LANDMARK68_INPUT, FACE_LANDMARK68_SIZE);
  x = denseBlock4(g, weights, 'dense0', x, true);
  x = denseBlock4(g, weights, 'dense1', x, false);
  x = denseBlock4(g, weights, 'dense2', x, false);
  x = denseBlock4(g, weights, 'dense3', x, false);
  x = pool(g, 'AveragePool', x, 7, 2, 'valid');
  if (x.size !== 1) throw new Error(`landmark features pool to ${x.size}×${x.size}, expected 1×1`);
  const flat = g.node('Flatten', [x.value], { axis: attr.int(1) });
  const landmarks = fullyConnected(g, flat, weight(weights, 'fc/weights'), weight(weights, 'fc/bias'));
  return encodeFaceApiModel(
    g,
    { value: landmarks, outputName: FACE_LANDMARK68_OUTPUT, width: 136 },
    { modelName: MODEL_NAME, inputSize: FACE_LANDMARK68_SIZE, doc: DOC },
  );
}
