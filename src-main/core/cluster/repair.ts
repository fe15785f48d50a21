/*
 * The shared repair step for approaches that do not check constraints while clustering (Chinese Whispers, DBSCAN):
 * faces of one seed are pulled into one cluster, then every cluster that holds a forbidden pair (same photo,
 * cannot-link, two seeds) is split greedily. Its seed groups go first, then its other faces nearest to its centre
 * first; each joins the part with the nearest centre it may join, or starts a part of its own.
 */
import type { ClusterInput } from './clusterTypes.js';
import { ConstrainedUnion, neverTogetherPairs } from './constraints.js';
import { createDisjointSet } from './disjointSet.js';

export type RepairStats = Readonly<{ clustersSplit: number; partsMade: number }>;

/** Per face, a cluster id honouring every constraint, from any per-face cluster id. */
export function repairConstraints(
  input: ClusterInput,
  ids: ArrayLike<number>,
): { ids: Int32Array; stats: RepairStats } {
  const { dim, vectors, seeds } = input;
  const n = ids.length;
  const closure = mustLinkClosure(ids, seeds);
  const violated = new Uint8Array(n);
  const pairs = neverTogetherPairs(input);
  for (let e = 0; e < pairs.length; e += 4) {
    if (closure[pairs[e]!] === closure[pairs[e + 1]!]) violated[closure[pairs[e]!]!] = 1;
  }
  const seedOf = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (seeds[i]! < 0) continue;
    const seen = seedOf.get(closure[i]!);
    if (seen === undefined) seedOf.set(closure[i]!, seeds[i]!);
    else if (seen !== seeds[i]) violated[closure[i]!] = 1;
  }
  const out = Int32Array.from(closure);
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    if (!violated[closure[i]!]) continue;
    const list = members.get(closure[i]!);
    if (list) list.push(i);
    else members.set(closure[i]!, [i]);
  }
  if (members.size === 0) return { ids: out, stats: { clustersSplit: 0, partsMade: 0 } };
  const union = new ConstrainedUnion(input);
  union.mergeSeedGroups(seeds);
  let partsMade = 0;
  for (const faces of members.values()) {
    const centre = new Float64Array(dim);
    for (const f of faces) for (let d = 0; d < dim; d++) centre[d]! += vectors[f * dim + d]! / faces.length;
    const distanceToCentre = (f: number) => {
      let s = 0;
      for (let d = 0; d < dim; d++) s += (vectors[f * dim + d]! - centre[d]!) ** 2;
      return s;
    };
    // One unit per seed group (its faces summed) and per unseeded face; seeds first, then nearest the centre.
    const units = new Map<number, { sum: Float64Array; count: number; seeded: boolean; order: number }>();
    for (const f of faces) {
      const root = union.find(f);
      let unit = units.get(root);
      if (!unit) {
        unit = {
          sum: new Float64Array(dim),
          count: 0,
          seeded: seeds[f]! >= 0,
          order: seeds[f]! >= 0 ? f : distanceToCentre(f),
        };
        units.set(root, unit);
      }
      for (let d = 0; d < dim; d++) unit.sum[d]! += vectors[f * dim + d]!;
      unit.count++;
    }
    const ordered = [...units.entries()].sort(
      ([ra, a], [rb, b]) => Number(b.seeded) - Number(a.seeded) || a.order - b.order || ra - rb,
    );
    const parts: { root: number; sum: Float64Array; count: number }[] = [];
    for (const [root, unit] of ordered) {
      let bestPart = -1;
      let bestDistance = Infinity;
      for (let p = 0; p < parts.length; p++) {
        const part = parts[p]!;
        if (union.conflict(union.find(part.root), root)) continue;
        let s = 0;
        for (let d = 0; d < dim; d++) s += (unit.sum[d]! / unit.count - part.sum[d]! / part.count) ** 2;
        if (s < bestDistance) {
          bestDistance = s;
          bestPart = p;
        }
      }
      if (bestPart < 0) {
        parts.push({ root, sum: unit.sum.slice(), count: unit.count });
        continue;
      }
      const part = parts[bestPart]!;
      part.root = union.union(union.find(part.root), root);
      for (let d = 0; d < dim; d++) part.sum[d]! += unit.sum[d]!;
      part.count += unit.count;
    }
    partsMade += parts.length;
    for (const f of faces) out[f] = union.find(f);
  }
  return { ids: out, stats: { clustersSplit: members.size, partsMade } };
}

/** Per face, a face index standing for its cluster once clusters sharing a seed are joined. */
function mustLinkClosure(ids: ArrayLike<number>, seeds: Int32Array): Int32Array {
  const n = ids.length;
  const { find, join: joinFaces } = createDisjointSet(n);
  const join = (groups: Map<number, number>, key: number, face: number) => {
    const first = groups.get(key);
    if (first === undefined) {
      groups.set(key, face);
      return;
    }
    joinFaces(first, face);
  };
  const byId = new Map<number, number>();
  const bySeed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    join(byId, ids[i]!, i);
    if (seeds[i]! >= 0) join(bySeed, seeds[i]!, i);
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = find(i);
  return out;
}
