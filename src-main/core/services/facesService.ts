import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FileFaces } from '../../../src-shared/types/face.js';
import type { CoreConfig } from '../config.js';
import { AppError } from '../errors.js';
import { faceStageVersion } from '../inference/faces/faceStage.js';
import type { PhotoAnalysis } from '../inference/faces/faceTypes.js';
import type { WorkerPool } from '../workers/workerPool.js';

export type AnalyzedFile = Extract<PhotoAnalysis, { kind: 'analyzed' }> & Readonly<{ path: string }>;

export function createFacesService(config: CoreConfig, pool: () => WorkerPool) {
  /** Faces (with descriptors) in any image file, analysed in the worker pool like a library photo; nothing stored. */
  async function analyze(path: string): Promise<AnalyzedFile> {
    const absolute = resolve(path);
    if (!existsSync(absolute)) throw new AppError('invalid-argument', `file not found: ${path}`);
    faceStageVersion(config.modelsDir);
    const analysis = await pool().run('analyzePhoto', {
      path: Buffer.from(absolute),
      modelsDir: config.modelsDir,
      threads: config.inferenceThreads,
      maxPixels: config.maxPixels,
    });
    if (analysis.kind === 'failed') throw new AppError('invalid-argument', analysis.reason);
    // Left to right, as the contract numbers a photo's faces (the pipeline gives them best first).
    const faces = [...analysis.faces].sort((a, b) => a.box.x - b.box.x);
    return { ...analysis, faces, path: absolute };
  }

  return {
    analyze,
    async detect(path: string): Promise<FileFaces> {
      const analysis = await analyze(path);
      return {
        width: analysis.width,
        height: analysis.height,
        faces: analysis.faces.map(({ box, score, quality }) => ({ box, score, quality })),
        timings: analysis.timings,
      };
    },
  };
}

export type FacesService = ReturnType<typeof createFacesService>;
