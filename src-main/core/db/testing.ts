import type { FaceWrite } from './repos/facesRepo.js';
import type { PhotoWrite } from './repos/photosRepo.js';

/** A minimal scanned-photo row for repository tests; only what a test cares about needs overriding. */
export function photoWrite(rootId: number, path: string, overrides: Partial<PhotoWrite> = {}): PhotoWrite {
  return {
    rootId,
    pathRaw: Buffer.from(path),
    path,
    name: path.split('/').pop()!,
    size: 10,
    mtimeMs: 5,
    contentHash: null,
    format: 'jpeg',
    width: 1,
    height: 1,
    orientation: null,
    takenAt: null,
    takenAtOffset: null,
    cameraMake: null,
    cameraModel: null,
    gpsLat: null,
    gpsLon: null,
    gpsAlt: null,
    status: 'ok',
    problemCode: null,
    problemMessage: null,
    scanVersion: 1,
    ...overrides,
  };
}

/** A plausible detected face (box, landmarks, descriptor all fixed) for tests and synthetic libraries. */
export function faceWrite(overrides: Partial<FaceWrite> = {}): FaceWrite {
  return {
    box: { x: 0.4, y: 0.3, width: 0.2, height: 0.2 },
    score: 0.9,
    landmarks: new Float32Array(136),
    quality: { score: 0.8, size: 90, sharpness: 0.5, yaw: 0, roll: 0 },
    thumbnail: null,
    descriptor: new Float32Array(128),
    ...overrides,
  };
}
