/*
 * Chinese Whispers (Biemann 2006), the graph clustering dlib ships and Sort-By-Face uses: faces closer than the
 * threshold are linked, then every face repeatedly takes the label most of its links carry, in a seeded random order,
 * until no label changes. Seeded faces start with their seed's label and keep it, so a confirmed person stays one
 * cluster and two seeds never share one; same-photo and cannot-link pairs are left to repairConstraints.
 */
import type { ClusterInput, KnnGraph } from './clusterTypes.js';
import { symmetricAdjacency } from './adjacency.js';
import { seededRandom, shuffledOrder } from './random.js';

export type ChineseWhispersStats = Readonly<{ iterations: number; edges: number }>;

/** Per face, a cluster id (a face index). */
export function chineseWhispersClusters(
  input: ClusterInput,
  graph: KnnGraph,
  threshold: number,
  maxIterations: number,
  seed: number,
): { ids: Int32Array; stats: ChineseWhispersStats } {
  const n = graph.n;
  const { offsets, neighbours } = symmetricAdjacency(graph, threshold);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) labels[i] = i;
  const fixed = new Uint8Array(n);
  const firstOfSeed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const s = input.seeds[i]!;
    if (s < 0) continue;
    const first = firstOfSeed.get(s) ?? i;
    firstOfSeed.set(s, first);
    labels[i] = first;
    fixed[i] = 1;
  }
  const random = seededRandom(seed);
  const score = new Float64Array(n);
  const touched = new Int32Array(n);
  let iterations = 0;
  for (; iterations < maxIterations;) {
    iterations++;
    let changes = 0;
    const order = shuffledOrder(n, random);
    for (let o = 0; o < n; o++) {
      const i = order[o]!;
      if (fixed[i] || offsets[i] === offsets[i + 1]) continue;
      let t = 0;
      for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
        const l = labels[neighbours[j]!]!;
        if (score[l] === 0) touched[t++] = l;
        score[l]! += 1;
      }
      let bestLabel = labels[i]!;
      let bestScore = -1;
      for (let m = 0; m < t; m++) {
        const l = touched[m]!;
        const s = score[l]!;
        if (s > bestScore || (s === bestScore && l < bestLabel)) {
          bestScore = s;
          bestLabel = l;
        }
        score[l] = 0;
      }
      if (bestLabel !== labels[i]) {
        labels[i] = bestLabel;
        changes++;
      }
    }
    if (changes === 0) break;
  }
  return { ids: labels, stats: { iterations, edges: neighbours.length / 2 } };
}
