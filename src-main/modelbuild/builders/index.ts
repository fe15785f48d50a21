import { join } from 'node:path';
import { buildBlazeFace } from './blazeface.js';
import { buildFaceLandmark68 } from './faceLandmark68.js';
import { buildFaceRecognition } from './faceRecognition.js';
import { buildNanoDet } from './nanodet.js';
import { buildSelfie } from './selfie.js';
import { PADDLE_OCR_DETECTOR, PADDLE_OCR_RECOGNIZER, copyPaddleOcrModel } from './paddleOcr.js';

/** Builders by the name models/manifest.json gives them; each takes the folder of the verified source files. */
export const BUILDERS: Readonly<Record<string, (packageDir: string) => Uint8Array>> = {
  blazeface: (pkg) => buildBlazeFace(join(pkg, 'models')),
  faceLandmark68: (pkg) => buildFaceLandmark68(join(pkg, 'model')),
  faceRecognition: (pkg) => buildFaceRecognition(join(pkg, 'model')),
  selfie: (pkg) => buildSelfie(join(pkg, 'models')),
  nanodet: (pkg) => buildNanoDet(join(pkg, 'models')),
  paddleOcrDetector: (pkg) => copyPaddleOcrModel(pkg, PADDLE_OCR_DETECTOR),
  paddleOcrRecognizer: (pkg) => copyPaddleOcrModel(pkg, PADDLE_OCR_RECOGNIZER),
};
