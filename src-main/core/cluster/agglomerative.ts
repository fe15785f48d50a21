/*
 * Average-linkage agglomerative clustering on a kNN graph, with the constraints checked before every merge.
 * Linkage = root mean square of all face-to-face distances between two clusters. For squared Euclidean distances the
 * mean over all |A|·|B| pairs is exact from running sums: mean|a-b|² = Σ|a|²/|A| + Σ|b|²/|B| - 2 (Σa·Σb)/(|A||B|),
 * so every merge sees every pair, not only the graph's edges; the graph only proposes which clusters to compare.
 * Average linkage is reducible (a merged cluster is never nearer to a third than the nearer of its parts), so merging
 * all mutual nearest pairs in rounds gives the same tree as merging one best pair at a time (Murtagh's RNN).
 * Edges whose linkage exceeds the threshold, or whose clusters may never meet, are dropped for good: by
 * reducibility a cluster grown from them cannot come back under the threshold through that edge alone.
 */
import type { ClusterInput, KnnGraph } from './clusterTypes.js';
import { ConstrainedUnion } from './constraints.js';

export type AgglomerativeStats = Readonly<{ rounds: number; merges: number; candidatePairs: number }>;

/** Per face, the root face of its cluster. */
export function agglomerativeClusters(
  input: ClusterInput,
  graph: KnnGraph,
  threshold: number,
): { roots: Int32Array; stats: AgglomerativeStats } {
  const { dim, vectors } = input;
  const n = graph.n;
  const limit = threshold * threshold;
  const union = new ConstrainedUnion(input);
  const sums = Float32Array.from(vectors);
  const squares = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let d = i * dim; d < i * dim + dim; d++) s += vectors[d]! * vectors[d]!;
    squares[i] = s;
  }
  const absorb = (root: number, child: number) => {
    for (let d = 0; d < dim; d++) sums[root * dim + d]! += sums[child * dim + d]!;
    squares[root]! += squares[child]!;
  };
  union.mergeSeedGroups(input.seeds, absorb);
  const linkage = (a: number, b: number): number => {
    const sa = union.size[a]!;
    const sb = union.size[b]!;
    let dot = 0;
    const pa = a * dim;
    const pb = b * dim;
    for (let d = 0; d < dim; d++) dot += sums[pa + d]! * sums[pb + d]!;
    return squares[a]! / sa + squares[b]! / sb - (2 * dot) / (sa * sb);
  };

  // Candidate pairs of roots, as sorted unique keys lo·n + hi.
  let keys: Float64Array = new Float64Array(graph.n * graph.k);
  let count = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i * graph.k; j < i * graph.k + graph.k; j++) {
      const b = graph.indices[j]!;
      if (b < 0 || graph.distances[j]! > threshold) continue;
      const ra = union.find(i);
      const rb = union.find(b);
      if (ra !== rb) keys[count++] = ra < rb ? ra * n + rb : rb * n + ra;
    }
  }
  keys = uniqueSorted(keys.subarray(0, count));
  const candidatePairs = keys.length;
  let ea = new Int32Array(keys.length);
  let eb = new Int32Array(keys.length);
  let el = new Float64Array(keys.length).fill(NaN);
  for (let e = 0; e < keys.length; e++) {
    ea[e] = Math.floor(keys[e]! / n);
    eb[e] = keys[e]! - ea[e]! * n;
  }

  const bestLinkage = new Float64Array(n);
  const best = new Int32Array(n);
  const changed = new Uint8Array(n);
  const mergedRoots = new Int32Array(n);
  let rounds = 0;
  let merges = 0;
  for (;;) {
    rounds++;
    // Linkage for new pairs; drop pairs over the threshold or that may never be one cluster.
    let kept = 0;
    for (let e = 0; e < ea.length; e++) {
      const a = ea[e]!;
      const b = eb[e]!;
      let l = el[e]!;
      if (Number.isNaN(l)) {
        l = linkage(a, b);
        if (l > limit || union.conflict(a, b)) continue;
      }
      ea[kept] = a;
      eb[kept] = b;
      el[kept++] = l;
    }
    ea = ea.subarray(0, kept);
    eb = eb.subarray(0, kept);
    el = el.subarray(0, kept);
    for (let e = 0; e < kept; e++) {
      best[ea[e]!] = -1;
      best[eb[e]!] = -1;
      bestLinkage[ea[e]!] = Infinity;
      bestLinkage[eb[e]!] = Infinity;
    }
    // Nearest allowed neighbour of each cluster, ties to the lower index so rounds are deterministic.
    for (let e = 0; e < kept; e++) {
      const a = ea[e]!;
      const b = eb[e]!;
      const l = el[e]!;
      if (l < bestLinkage[a]! || (l === bestLinkage[a]! && b < best[a]!)) {
        bestLinkage[a] = l;
        best[a] = b;
      }
      if (l < bestLinkage[b]! || (l === bestLinkage[b]! && a < best[b]!)) {
        bestLinkage[b] = l;
        best[b] = a;
      }
    }
    let roundMerges = 0;
    for (let e = 0; e < kept; e++) {
      const a = ea[e]!;
      const b = eb[e]!;
      if (best[a] !== b || best[b] !== a) continue;
      const root = union.union(a, b);
      absorb(root, root === a ? b : a);
      changed[root] = 1;
      mergedRoots[roundMerges++] = root;
    }
    if (roundMerges === 0) break;
    merges += roundMerges;
    // Re-point pairs at the new roots: pairs between untouched clusters keep their linkage, the rest are recomputed.
    let clean = 0;
    let dirty = 0;
    const dirtyKeys = new Float64Array(kept);
    for (let e = 0; e < kept; e++) {
      const a = union.find(ea[e]!);
      const b = union.find(eb[e]!);
      if (a === b) continue;
      if (changed[a] || changed[b]) {
        dirtyKeys[dirty++] = a < b ? a * n + b : b * n + a;
      } else {
        ea[clean] = a;
        eb[clean] = b;
        el[clean++] = el[e]!;
      }
    }
    for (let m = 0; m < roundMerges; m++) changed[mergedRoots[m]!] = 0;
    const fresh = uniqueSorted(dirtyKeys.subarray(0, dirty));
    const total = clean + fresh.length;
    const na = new Int32Array(total);
    const nb = new Int32Array(total);
    const nl = new Float64Array(total);
    na.set(ea.subarray(0, clean));
    nb.set(eb.subarray(0, clean));
    nl.set(el.subarray(0, clean));
    for (let f = 0; f < fresh.length; f++) {
      const a = Math.floor(fresh[f]! / n);
      na[clean + f] = a;
      nb[clean + f] = fresh[f]! - a * n;
      nl[clean + f] = NaN;
    }
    ea = na;
    eb = nb;
    el = nl;
  }
  const roots = new Int32Array(n);
  for (let i = 0; i < n; i++) roots[i] = union.find(i);
  return { roots, stats: { rounds, merges, candidatePairs } };
}

function uniqueSorted(keys: Float64Array): Float64Array {
  const sorted = keys.slice().sort();
  let out = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[out++] = sorted[i]!;
  return sorted.subarray(0, out);
}
