import { join } from 'node:path';
import { attr, createGraph } from '../onnx/onnxGraph.js';
import { convertTensors } from '../tfjs/convertGraph.js';
import { readGraphModel } from '../tfjs/graphModel.js';

/*
 * BlazeFace back-camera model (MediaPipe; 256×256 input, for faces smaller and farther away than the 128×128 front
 * model handles), from @vladmandic/human's models/blazeface.json.
 *
 * Contract, read from human/src/face/blazeface.ts and facemeshutil.ts (Human 3.3.6) and the model's signature:
 * - Input `input`: float32 [1, 256, 256, 3], NHWC RGB, x / 127.5 − 1 (Human stretches the whole image to 256×256,
 *   bilinear, unless told to pad it square first).
 * - The TF graph has four outputs: Identity [1,512,1] and Identity_1 [1,384,1] are score logits, Identity_2
 *   [1,512,16] and Identity_3 [1,384,16] the regressors, for the stride-16 (16×16 cells × 2 anchors) and stride-32
 *   (8×8 cells × 6 anchors) heads. Human sorts them by size and concatenates them, stride-16 first; so do we:
 * - Output `scores`: float32 [1, 896], anchor i's face probability (the sigmoid of the TF logit).
 * - Output `boxes`: float32 [1, 896, 16], for anchor i: box centre x, y, box width, height, then 6 keypoints
 *   (x, y): right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (MediaPipe's order; the
 *   subject's right eye is on the image's left, which Human calls leftEye). All as fractions of the input size (the
 *   TF regressors / 256); the centre and the keypoints are offsets from the anchor centre.
 *   The sigmoid and the scaling live in the graph because the raw logits reach −700 and the regressors ±140 px, where
 *   float32 rounding alone differs between any two implementations by more than 1e-4; the consumed values do not.
 * - Anchors, in output order: for stride s in (16, 32) with k in (2, 6) anchors per cell, for each row y, each column
 *   x, k copies of the centre (s·(x + 0.5), s·(y + 0.5)) (Human's generateAnchors). Decoding and NMS are the
 *   caller's (Human: box = centre ± size / 2, NMS at IoU 0.1).
 */

export const BLAZEFACE_INPUT = 'input';
export const BLAZEFACE_SIZE = 256;
export const BLAZEFACE_ANCHORS = 896;
export const BLAZEFACE_OUTPUTS = { scores: 'scores', boxes: 'boxes' } as const;

/** The TF graph's outputs (see the contract above), stride-16 head first. */
const TF_OUTPUTS = {
  logits: [
    ['Identity', [1, 512, 1]],
    ['Identity_1', [1, 384, 1]],
  ],
  regressors: [
    ['Identity_2', [1, 512, 16]],
    ['Identity_3', [1, 384, 16]],
  ],
} as const;

/** Builds the BlazeFace ONNX model from the folder holding blazeface.json and blazeface.bin. */
export function buildBlazeFace(modelDir: string): Uint8Array {
  const model = readGraphModel(join(modelDir, 'blazeface.json'));
  const g = createGraph('blazeface');
  const heads = [...TF_OUTPUTS.logits, ...TF_OUTPUTS.regressors];
  const tensors = convertTensors(g, model, {
    inputs: { input: BLAZEFACE_INPUT },
    tensors: heads.map(([name]) => name),
  });
  tensors.forEach((t, i) => {
    const [name, shape] = heads[i]!;
    if (t.shape.join() !== shape.join()) throw new Error(`blazeface: ${name} has shape [${t.shape.join(', ')}]`);
  });
  const [logits16, logits32, regressors16, regressors32] = tensors.map((t) => t.value) as [
    string,
    string,
    string,
    string,
  ];
  const logits = g.node('Reshape', [
    g.node('Concat', [logits16, logits32], { axis: attr.int(1) }),
    g.constant(new BigInt64Array([1n, BigInt(BLAZEFACE_ANCHORS)]), [2], 'logits_shape'),
  ]);
  const regressors = g.node('Concat', [regressors16, regressors32], { axis: attr.int(1) });
  const scores = g.node('Sigmoid', [logits]);
  const boxes = g.node('Mul', [regressors, g.constant(new Float32Array([1 / BLAZEFACE_SIZE]), [1], 'to_fraction')]);
  g.output(scores, BLAZEFACE_OUTPUTS.scores, 'float32', [1, BLAZEFACE_ANCHORS]);
  g.output(boxes, BLAZEFACE_OUTPUTS.boxes, 'float32', [1, BLAZEFACE_ANCHORS, 16]);
  return g.encode({
    producer: 'facets-modelbuild',
    docString: 'BlazeFace (MediaPipe, Apache-2.0) converted from @vladmandic/human models/blazeface.json',
    metadata: {
      input: 'NHWC RGB 256x256, x / 127.5 - 1',
      outputs: 'scores: sigmoid probability per anchor; boxes: cx, cy, w, h, 6 keypoints as fractions of the input',
      anchors: 'strides 16 (2 per cell), 32 (6 per cell)',
    },
  });
}
