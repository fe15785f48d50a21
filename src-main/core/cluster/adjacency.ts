/** The kNN graph made undirected and cut at a distance, as compressed rows: what Chinese Whispers and DBSCAN walk. */
import type { KnnGraph } from './clusterTypes.js';

/** Row i: offsets[i]..offsets[i+1] in neighbours/distances, sorted by neighbour index, each pair once per side. */
export type Adjacency = Readonly<{ offsets: Int32Array; neighbours: Int32Array; distances: Float32Array }>;

export function symmetricAdjacency(graph: KnnGraph, maxDistance: number): Adjacency {
  const { n, k, indices, distances } = graph;
  const start = new Int32Array(n + 1);
  const kept = (j: number) => indices[j]! >= 0 && distances[j]! <= maxDistance;
  for (let i = 0; i < n; i++) {
    for (let j = i * k; j < i * k + k; j++) {
      if (!kept(j)) continue;
      start[i + 1]!++;
      start[indices[j]! + 1]!++;
    }
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const nb = new Int32Array(start[n]!);
  const nd = new Float32Array(start[n]!);
  for (let i = 0; i < n; i++) {
    for (let j = i * k; j < i * k + k; j++) {
      if (!kept(j)) continue;
      const b = indices[j]!;
      nb[fill[i]!] = b;
      nd[fill[i]!++] = distances[j]!;
      nb[fill[b]!] = i;
      nd[fill[b]!++] = distances[j]!;
    }
  }
  // Sort each row by neighbour (insertion sort: rows hold about 2k entries) and drop the duplicate a pair leaves
  // when each face lists the other.
  const offsets = new Int32Array(n + 1);
  let out = 0;
  for (let i = 0; i < n; i++) {
    const s = start[i]!;
    const e = start[i + 1]!;
    for (let a = s + 1; a < e; a++) {
      const id = nb[a]!;
      const d = nd[a]!;
      let b = a - 1;
      while (b >= s && nb[b]! > id) {
        nb[b + 1] = nb[b]!;
        nd[b + 1] = nd[b]!;
        b--;
      }
      nb[b + 1] = id;
      nd[b + 1] = d;
    }
    for (let a = s; a < e; a++) {
      if (a > s && nb[a] === nb[a - 1]) continue;
      nb[out] = nb[a]!;
      nd[out++] = nd[a]!;
    }
    offsets[i + 1] = out;
  }
  return { offsets, neighbours: nb.slice(0, out), distances: nd.slice(0, out) };
}
