/*
 * Average-linkage agglomerative clustering on a kNN graph, with the constraints checked before every merge.
 * Linkage = root mean square of all face-to-face distances between two clusters. For squared Euclidean distances the
 * mean over all |A|·|B| pairs is exact from running sums: mean|a-b|² = Σ|a|²/|A| + Σ|b|²/|B| - 2 (Σa·Σb)/(|A||B|),
 * so every merge sees every pair, not only the graph's edges; the graph only proposes which clusters to compare.
 * Average linkage is reducible (a merged cluster is never nearer to a third than the nearer of its parts), so merging
 * all mutual nearest pairs in rounds gives the same tree as merging one best pair at a time (Murtagh's RNN).
 * Pairs over the threshold, or that may never be one cluster, are dropped for good: by reducibility a cluster grown
 * from them cannot come back under the threshold through that pair alone.
 * When the face graph has no more to offer, cluster centres propose pairs it missed (a kNN graph over centres; the
 * centres' distance is a lower bound of the linkage, so no pair under the threshold is cut by that step).
 */
import type { ClusterInput, KnnGraph } from './clusterTypes.js';
import { ConstrainedUnion } from './constraints.js';
import { buildKnnGraph, type KnnParams } from './knnGraph.js';
import type { MergeLog } from './stableClusters.js';

export type AgglomerativeStats = Readonly<{
  rounds: number;
  merges: number;
  centrePasses: number;
  centreMerges: number;
}>;

/** Passes over cluster centres at most; the second already merges little (people bench). */
const MAX_CENTRE_PASSES = 3;
/** Neighbours per centre in a centre pass: only the nearest few centres can be under the threshold. */
const CENTRE_NEIGHBOURS = 8;

/** Per face, the root face of its cluster. */
export function agglomerativeClusters(
  input: ClusterInput,
  graph: KnnGraph,
  threshold: number,
  knn: Partial<KnnParams> = {},
  /** Receives every linkage merge (seed groups joined up front are not logged). */
  log?: MergeLog,
): { roots: Int32Array; stats: AgglomerativeStats } {
  const state = new AverageLinkage(input, threshold, log);
  let rounds = 0;
  let merges = 0;
  let centrePasses = 0;
  let centreMerges = 0;
  let keys = state.pairsFromGraph(graph);
  for (;;) {
    const run = state.mergeRounds(keys);
    rounds += run.rounds;
    merges += run.merges;
    if (centrePasses > 0) centreMerges += run.merges;
    if ((centrePasses > 0 && run.merges === 0) || centrePasses === MAX_CENTRE_PASSES) break;
    centrePasses++;
    keys = state.pairsFromCentres(knn);
  }
  const roots = new Int32Array(graph.n);
  for (let i = 0; i < graph.n; i++) roots[i] = state.union.find(i);
  return { roots, stats: { rounds, merges, centrePasses, centreMerges } };
}

class AverageLinkage {
  readonly union: ConstrainedUnion;
  private readonly dim: number;
  private readonly n: number;
  private readonly limit: number;
  /** Per root: sum of its descriptors, and of their squared norms. */
  private readonly sums: Float32Array;
  private readonly squares: Float64Array;

  constructor(
    input: ClusterInput,
    private readonly threshold: number,
    private readonly log?: MergeLog,
  ) {
    const { dim, vectors } = input;
    this.dim = dim;
    this.n = input.photos.length;
    this.limit = threshold * threshold;
    this.union = new ConstrainedUnion(input);
    this.sums = Float32Array.from(vectors);
    this.squares = new Float64Array(this.n);
    for (let i = 0; i < this.n; i++) {
      let s = 0;
      for (let d = i * dim; d < i * dim + dim; d++) s += vectors[d]! * vectors[d]!;
      this.squares[i] = s;
    }
    this.union.mergeSeedGroups(input.seeds, (root, child) => this.absorb(root, child));
  }

  private absorb(root: number, child: number): void {
    const { dim, sums } = this;
    for (let d = 0; d < dim; d++) sums[root * dim + d]! += sums[child * dim + d]!;
    this.squares[root]! += this.squares[child]!;
  }

  /** Mean squared distance over all face pairs of roots a and b. */
  private linkage(a: number, b: number): number {
    const { dim, sums } = this;
    const sa = this.union.size[a]!;
    const sb = this.union.size[b]!;
    let dot = 0;
    const pa = a * dim;
    const pb = b * dim;
    for (let d = 0; d < dim; d++) dot += sums[pa + d]! * sums[pb + d]!;
    return this.squares[a]! / sa + this.squares[b]! / sb - (2 * dot) / (sa * sb);
  }

  private key(a: number, b: number): number {
    return a < b ? a * this.n + b : b * this.n + a;
  }

  /** Root pairs joined by a graph edge under the threshold, as sorted unique keys lo·n + hi. */
  pairsFromGraph(graph: KnnGraph): Float64Array {
    const keys = new Float64Array(graph.n * graph.k);
    let count = 0;
    for (let i = 0; i < graph.n; i++) {
      for (let j = i * graph.k; j < i * graph.k + graph.k; j++) {
        const b = graph.indices[j]!;
        if (b < 0 || graph.distances[j]! > this.threshold) continue;
        const ra = this.union.find(i);
        const rb = this.union.find(b);
        if (ra !== rb) keys[count++] = this.key(ra, rb);
      }
    }
    return uniqueSorted(keys.subarray(0, count));
  }

  /** Root pairs whose centres are kNN of each other and under the threshold apart. */
  pairsFromCentres(knn: Partial<KnnParams>): Float64Array {
    const { dim, n } = this;
    const roots: number[] = [];
    for (let i = 0; i < n; i++) if (this.union.find(i) === i) roots.push(i);
    const centres = new Float32Array(roots.length * dim);
    roots.forEach((r, c) => {
      const size = this.union.size[r]!;
      for (let d = 0; d < dim; d++) centres[c * dim + d] = this.sums[r * dim + d]! / size;
    });
    const graph = buildKnnGraph(centres, dim, {
      ...knn,
      k: Math.min(CENTRE_NEIGHBOURS, Math.max(1, roots.length - 1)),
    });
    const keys = new Float64Array(graph.n * graph.k);
    let count = 0;
    for (let c = 0; c < graph.n; c++) {
      for (let j = c * graph.k; j < c * graph.k + graph.k; j++) {
        const other = graph.indices[j]!;
        if (other >= 0 && graph.distances[j]! <= this.threshold) keys[count++] = this.key(roots[c]!, roots[other]!);
      }
    }
    return uniqueSorted(keys.subarray(0, count));
  }

  /** Merges mutual nearest pairs under the threshold, round after round, until none is left. */
  mergeRounds(keys: Float64Array): { rounds: number; merges: number } {
    const { n, union, limit } = this;
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
          l = this.linkage(a, b);
          if (l > limit || union.conflict(a, b)) continue;
        }
        ea[kept] = a;
        eb[kept] = b;
        el[kept++] = l;
      }
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
        if (this.log) {
          this.log.a.push(a);
          this.log.b.push(b);
          this.log.height.push(Math.sqrt(Math.max(0, bestLinkage[a]!)));
        }
        const root = union.union(a, b);
        this.absorb(root, root === a ? b : a);
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
          dirtyKeys[dirty++] = this.key(a, b);
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
      const nl = new Float64Array(total).fill(NaN);
      na.set(ea.subarray(0, clean));
      nb.set(eb.subarray(0, clean));
      nl.set(el.subarray(0, clean));
      for (let f = 0; f < fresh.length; f++) {
        const a = Math.floor(fresh[f]! / n);
        na[clean + f] = a;
        nb[clean + f] = fresh[f]! - a * n;
      }
      ea = na;
      eb = nb;
      el = nl;
    }
    return { rounds, merges };
  }
}

function uniqueSorted(keys: Float64Array): Float64Array {
  const sorted = keys.slice().sort();
  let out = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[out++] = sorted[i]!;
  return sorted.subarray(0, out);
}
