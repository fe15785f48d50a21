import { copyFile, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Real group photos shipped with @vladmandic/face-api: the only photos the e2e libraries are made of. */
export const SAMPLES = fileURLToPath(new URL('../node_modules/@vladmandic/face-api/demo/', import.meta.url));

export type SampleLibrary = { dir: string; photoCount: number; samples: string[] };

export async function sampleNames(): Promise<string[]> {
  return (await readdir(SAMPLES)).filter((name) => /^sample\d+\.jpg$/.test(name)).sort();
}

/**
 * A small library: the demo photos copied into one folder per name in `folders` (so each person is in as many
 * photos as there are folders), plus, if asked, one JPEG cut off after its headers, as a copy that died half-way
 * would be.
 */
export async function buildSampleLibrary(folders: readonly string[], corruptName?: string): Promise<SampleLibrary> {
  const dir = await mkdtemp(join(tmpdir(), 'facets-e2e-photos-'));
  const samples = await sampleNames();
  if (samples.length === 0) throw new Error(`no sample photos in ${SAMPLES}`);
  for (const folder of folders) {
    await mkdir(join(dir, folder));
    for (const name of samples) await copyFile(join(SAMPLES, name), join(dir, folder, name));
  }
  if (corruptName) {
    const head = (await readFile(join(SAMPLES, samples[0]!))).subarray(0, 1500);
    await writeFile(join(dir, corruptName), head);
  }
  return { dir, photoCount: samples.length * folders.length, samples };
}
