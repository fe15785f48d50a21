/*
 * DBSCAN on the kNN graph (the family Immich and LibrePhotos use): a face with at least minPoints faces (itself
 * included) within eps is a core face; core faces within eps of each other form one cluster; a non-core face within
 * eps of a core face joins the nearest one's cluster; the rest stay alone. Constraints are left to repairConstraints.
 */
import type { KnnGraph } from './clusterTypes.js';
import { symmetricAdjacency } from './adjacency.js';
import { createDisjointSet } from './disjointSet.js';

export type DbscanStats = Readonly<{ coreFaces: number; noiseFaces: number }>;

/** Per face, a cluster id (a face index). */
export function dbscanClusters(
  graph: KnnGraph,
  eps: number,
  minPoints: number,
): { ids: Int32Array; stats: DbscanStats } {
  const n = graph.n;
  const { offsets, neighbours, distances } = symmetricAdjacency(graph, eps);
  const core = new Uint8Array(n);
  let coreFaces = 0;
  for (let i = 0; i < n; i++) {
    if (offsets[i + 1]! - offsets[i]! + 1 >= minPoints) {
      core[i] = 1;
      coreFaces++;
    }
  }
  const { find, join } = createDisjointSet(n);
  for (let i = 0; i < n; i++) {
    if (!core[i]) continue;
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      const b = neighbours[j]!;
      if (!core[b]) continue;
      join(i, b);
    }
  }
  const ids = new Int32Array(n);
  let noiseFaces = 0;
  for (let i = 0; i < n; i++) {
    if (core[i]) {
      ids[i] = find(i);
      continue;
    }
    let nearest = -1;
    let nearestDistance = Infinity;
    for (let j = offsets[i]!; j < offsets[i + 1]!; j++) {
      if (core[neighbours[j]!] && distances[j]! < nearestDistance) {
        nearestDistance = distances[j]!;
        nearest = neighbours[j]!;
      }
    }
    if (nearest < 0) noiseFaces++;
    ids[i] = nearest < 0 ? i : find(nearest);
  }
  return { ids, stats: { coreFaces, noiseFaces } };
}
