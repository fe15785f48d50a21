import { join } from 'node:path';
import { buildBlazeFace } from './blazeface.js';
import { buildFaceLandmark68 } from './faceLandmark68.js';
import { buildFaceRecognition } from './faceRecognition.js';

/** Builders by the name models/manifest.json gives them; each takes the installed source package's folder. */
export const BUILDERS: Readonly<Record<string, (packageDir: string) => Uint8Array>> = {
  blazeface: (pkg) => buildBlazeFace(join(pkg, 'models')),
  faceLandmark68: (pkg) => buildFaceLandmark68(join(pkg, 'model')),
  faceRecognition: (pkg) => buildFaceRecognition(join(pkg, 'model')),
};
