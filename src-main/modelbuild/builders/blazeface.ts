import { join } from 'node:path';
import { attr, createGraph } from '../onnx/onnxGraph.js';
import { channelPadsAsConvolutions, widenChannels } from '../tfjs/blockedChannels.js';
import { convertTensors } from '../tfjs/convertGraph.js';
import { readGraphModel } from '../tfjs/graphModel.js';

/*
 * BlazeFace back-camera model (MediaPipe; trained on 256×256 inputs, for faces smaller and farther away than the
 * 128×128 front model handles), from @vladmandic/human's models/blazeface.json, converted fully convolutional: the
 * input height and width are free, so one run covers a whole canvas (e.g. a level of an image pyramid) and no pixel
 * is computed twice the way overlapping 256×256 tiles compute them.
 *
 * Contract, read from human/src/face/blazeface.ts and facemeshutil.ts (Human 3.3.6) and the model's signature:
 * - Input `input`: float32 [1, 3, H, W], RGB planes (NCHW: TF's NHWC input declared channels-first, so the first
 *   convolution reads it with no Transpose), x / 127.5 − 1. H and W must be multiples of 32 (the network's
 *   stride): then every stride-2 layer sees an even size and pads as it does at 256 (TF SAME: the extra pixel at the
 *   end), so cell centres sit where the anchors put them. At 256×256 the model is exactly the TF graph (Human
 *   stretches the whole image to 256×256, bilinear, unless told to pad it square first).
 * - The TF graph ends in two heads: score logits and regressors for the stride-16 cells (2 anchors a cell:
 *   conv2d_33 [1, H/16, W/16, 2], conv2d_35 [1, H/16, W/16, 32]) and the stride-32 cells (6 anchors a cell:
 *   conv2d_34 [1, H/32, W/32, 6], conv2d_36 [1, H/32, W/32, 96]). The TF graph reshapes them to [1, 512, 1] and
 *   [1, 512, 16] etc. for 256×256 only; this model flattens them for any size in the same order and concatenates
 *   them, stride-16 first, as Human does:
 * - Output `scores`: float32 [1, N], anchor i's face probability (the sigmoid of the TF logit), N = (H/16)(W/16)·2 +
 *   (H/32)(W/32)·6 (896 at 256×256).
 * - Output `boxes`: float32 [1, N, 16], for anchor i: box centre x, y, box width, height, then 6 keypoints
 *   (x, y): right eye, left eye, nose tip, mouth centre, right ear tragion, left ear tragion (MediaPipe's order; the
 *   subject's right eye is on the image's left, which Human calls leftEye). All in units of 256 input pixels (the TF
 *   regressors / 256: fractions of the input at 256×256); the centre and the keypoints are offsets from the anchor
 *   centre. The sigmoid and the scaling live in the graph because the raw logits reach −700 and the regressors
 *   ±140 px, where float32 rounding alone differs between any two implementations by more than 1e-4; the consumed
 *   values do not.
 * - Anchors, in output order: for stride s in (16, 32) with k in (2, 6) anchors per cell, for each row y, each column
 *   x, k copies of the centre (s·(x + 0.5), s·(y + 0.5)) (Human's generateAnchors, which is this at 256×256).
 *   Decoding and NMS are the caller's (Human: box = centre ± size / 2, NMS at IoU 0.1).
 */

export const BLAZEFACE_INPUT = 'input';
/** The input size the network was trained at, and the unit of its box values. */
export const BLAZEFACE_SIZE = 256;
/** Anchors at 256×256. */
export const BLAZEFACE_ANCHORS = 896;
/** The network's stride: input height and width must be multiples of it. */
export const BLAZEFACE_STRIDE = 32;
export const BLAZEFACE_OUTPUTS = { scores: 'scores', boxes: 'boxes' } as const;

const HEADS = 'StatefulPartitionedCall/functional_1/';
/** The head convolutions (before the TF graph's fixed-size reshapes), stride-16 first, and their channels. */
const TF_HEADS = {
  logits: [
    [`${HEADS}conv2d_33/BiasAdd`, 2],
    [`${HEADS}conv2d_34/BiasAdd`, 6],
  ],
  regressors: [
    [`${HEADS}conv2d_35/BiasAdd`, 32],
    [`${HEADS}conv2d_36/BiasAdd`, 96],
  ],
} as const;

/**
 * Builds the BlazeFace ONNX model from the folder holding blazeface.json and blazeface.bin. Its 24-channel stages are
 * carried as 32 channels and its channel Pads run as 1×1 convolutions, so onnxruntime keeps the whole net in its
 * blocked layout (tfjs/blockedChannels.ts; the same outputs, ~10% faster).
 */
export function buildBlazeFace(modelDir: string): Uint8Array {
  const model = channelPadsAsConvolutions(widenChannels(readGraphModel(join(modelDir, 'blazeface.json')), 24, 32));
  const g = createGraph('blazeface');
  const heads = [...TF_HEADS.logits, ...TF_HEADS.regressors];
  const tensors = convertTensors(g, model, {
    inputs: { input: BLAZEFACE_INPUT },
    inputShapes: { input: [1, -1, -1, 3] },
    channelsFirstInputs: ['input'],
    tensors: heads.map(([name]) => name),
  });
  tensors.forEach((t, i) => {
    const [name, channels] = heads[i]!;
    if (t.shape.join() !== [1, -1, -1, channels].join())
      throw new Error(`blazeface: ${name} has shape [${t.shape.join(', ')}]`);
  });
  // NHWC flattened: cell by cell, row-major, the anchors of a cell adjacent; the order of the TF graph's reshapes.
  const flatten = (value: string, width: number) =>
    g.node('Reshape', [
      value,
      width === 1
        ? g.constant(new BigInt64Array([1n, -1n]), [2], 'per_anchor')
        : g.constant(new BigInt64Array([1n, -1n, BigInt(width)]), [3], 'per_anchor'),
    ]);
  const [logits16, logits32, regressors16, regressors32] = tensors.map((t) => t.value) as [
    string,
    string,
    string,
    string,
  ];
  const logits = g.node('Concat', [flatten(logits16, 1), flatten(logits32, 1)], { axis: attr.int(1) });
  const regressors = g.node('Concat', [flatten(regressors16, 16), flatten(regressors32, 16)], { axis: attr.int(1) });
  const scores = g.node('Sigmoid', [logits]);
  const boxes = g.node('Mul', [regressors, g.constant(new Float32Array([1 / BLAZEFACE_SIZE]), [1], 'to_fraction')]);
  g.output(scores, BLAZEFACE_OUTPUTS.scores, 'float32', [1, 'anchors']);
  g.output(boxes, BLAZEFACE_OUTPUTS.boxes, 'float32', [1, 'anchors', 16]);
  return g.encode({
    producer: 'facets-modelbuild',
    docString: 'BlazeFace (MediaPipe, Apache-2.0) converted from @vladmandic/human models/blazeface.json',
    metadata: {
      input: 'NCHW RGB planes, height and width multiples of 32 (256x256 as trained), x / 127.5 - 1',
      outputs:
        'scores: sigmoid probability per anchor; boxes: cx, cy, w, h, 6 keypoints in units of 256 input px, centre and keypoints relative to the anchor',
      anchors: 'strides 16 (2 per cell), 32 (6 per cell), cells row-major, stride 16 first',
    },
  });
}
