import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RelativeBox } from '../../src-shared/types/face.js';
import { parseCsv } from './csv.js';

/** A labeled photo of ../shared/datasets/faces: `crop` for the 150×150 crops centred on their labeled person. */
export type LabeledPhoto = Readonly<{ file: string; person: string; crop: boolean }>;

/** Every row of faces/labels.csv, with absolute paths. */
export function loadFaceLabels(facesDir: string): LabeledPhoto[] {
  const manifest = new Map(parseCsv(readFileSync(join(facesDir, 'manifest.csv'), 'utf8')).map((r) => [r['file']!, r]));
  return parseCsv(readFileSync(join(facesDir, 'labels.csv'), 'utf8')).map((r) => {
    const info = manifest.get(r['file']!);
    return {
      file: join(facesDir, r['file']!),
      person: r['person']!,
      crop: info?.['width'] === '150' && info['height'] === '150',
    };
  });
}

const contains = (b: RelativeBox, x: number, y: number) =>
  x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height;
const area = (b: RelativeBox) => b.width * b.height;

/**
 * Which detected face is the labeled one. Crops are centred on the labeled person, so it is the detection holding
 * the image centre (the surest one if several do); in the other photos the labeled person is the largest face.
 */
export function labeledFace<F extends Readonly<{ box: RelativeBox; score: number }>>(
  faces: readonly F[],
  crop: boolean,
): F | null {
  if (faces.length === 0) return null;
  if (crop) {
    const central = faces.filter((f) => contains(f.box, 0.5, 0.5));
    return [...central].sort((a, b) => b.score - a.score)[0] ?? null;
  }
  return [...faces].sort((a, b) => area(b.box) - area(a.box))[0]!;
}
