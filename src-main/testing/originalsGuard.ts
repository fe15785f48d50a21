import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { diffHashes, hashTree } from './treeHash.js';

/*
 * Vitest global setup: hashes every source photo set the tests read (the shared datasets and the sample photos shipped
 * in @vladmandic/face-api) before the run and again after it; the run fails if a single byte changed.
 */
const roots = [resolve('..', 'shared', 'datasets'), join('node_modules', '@vladmandic', 'face-api', 'demo')].filter(
  (dir) => existsSync(dir),
);

export default async function setup(): Promise<() => Promise<void>> {
  const before = await Promise.all(roots.map((dir) => hashTree(dir)));
  return async () => {
    const after = await Promise.all(roots.map((dir) => hashTree(dir)));
    const changed = roots.flatMap((_, i) => diffHashes(before[i]!, after[i]!));
    if (changed.length > 0)
      throw new Error(`source photos changed during the tests: ${changed.slice(0, 10).join(', ')}`);
    console.log(
      `originals guard: ${before.reduce((n, m) => n + m.size, 0)} source files hashed before and after, identical`,
    );
  };
}
