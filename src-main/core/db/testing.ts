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
