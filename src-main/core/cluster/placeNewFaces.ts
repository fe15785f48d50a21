import { assignNewFaces } from './assignNewFaces.js';
import type { ClusterSnapshot } from './clusterSnapshot.js';
import { DEFAULT_CLUSTER_PARAMS } from './clusterFaces.js';

/** Per snapshot row: a person id (> 0), new person k as -(k + 1), or 0 (stays where it is / unassigned). */
export type Placement = Readonly<{ person: Int32Array; newClusters: number }>;

/**
 * Incremental clustering over a snapshot: faces in no person are placed into the nearest person when close enough,
 * the rest clustered among themselves; only new clusters of two or more faces become people (a lone face waits for
 * company in a later run).
 */
export function placeNewFaces(s: ClusterSnapshot, threshold = DEFAULT_CLUSTER_PARAMS.threshold): Placement {
  const { dim } = s;
  const existingRows: number[] = [];
  const addedRows: number[] = [];
  s.previousPerson.forEach((person, row) => (person > 0 ? existingRows : addedRows).push(row));
  const addedIndex = new Map(addedRows.map((row, i) => [row, i]));
  const pick = (rows: readonly number[], values: Int32Array) => Int32Array.from(rows, (row) => values[row]!);
  const vectorsOf = (rows: readonly number[]) => {
    const out = new Float32Array(rows.length * dim);
    rows.forEach((row, i) => out.set(s.vectors.subarray(row * dim, (row + 1) * dim), i * dim));
    return out;
  };
  const assignments = assignNewFaces(
    {
      dim,
      vectors: vectorsOf(existingRows),
      photos: pick(existingRows, s.photoIds),
      persons: pick(existingRows, s.previousPerson),
    },
    {
      vectors: vectorsOf(addedRows),
      photos: pick(addedRows, s.photoIds),
      cannotLink: s.rejections.flatMap(([row, person]) =>
        addedIndex.has(row) ? [[addedIndex.get(row)!, person] as const] : [],
      ),
    },
    { threshold, cluster: { threshold } },
  );
  const clusterSizes = new Map<number, number>();
  for (const a of assignments)
    if ('newCluster' in a) clusterSizes.set(a.newCluster, (clusterSizes.get(a.newCluster) ?? 0) + 1);
  const newIds = new Map<number, number>();
  for (const [cluster, size] of [...clusterSizes.entries()].sort((a, b) => a[0] - b[0])) {
    if (size >= 2) newIds.set(cluster, newIds.size);
  }
  const person = new Int32Array(s.faceIds.length);
  assignments.forEach((a, i) => {
    const row = addedRows[i]!;
    if ('person' in a) person[row] = a.person;
    else if (newIds.has(a.newCluster)) person[row] = -(newIds.get(a.newCluster)! + 1);
  });
  return { person, newClusters: newIds.size };
}
