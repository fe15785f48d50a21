/*
 * Clusters as a union-find that knows which merges are forbidden: two faces of one photo, a cannot-link pair, or two
 * different seeds. Every "never together" pair becomes a face-level cannot-link kept in a linked list per cluster, so
 * merging two clusters concatenates their lists in O(1) and a merge check walks only the shorter list.
 */
import type { ClusterInput } from './clusterTypes.js';

export class ConstrainedUnion {
  private readonly parent: Int32Array;
  readonly size: Int32Array;
  /** Seed of a root's cluster, -1 while it has none. */
  readonly seed: Int32Array;
  private readonly head: Int32Array;
  private readonly tail: Int32Array;
  private readonly count: Int32Array;
  private readonly next: Int32Array;
  private readonly target: Int32Array;

  constructor(input: ClusterInput) {
    const n = input.photos.length;
    this.parent = new Int32Array(n);
    for (let i = 0; i < n; i++) this.parent[i] = i;
    this.size = new Int32Array(n).fill(1);
    this.seed = Int32Array.from(input.seeds);
    this.head = new Int32Array(n).fill(-1);
    this.tail = new Int32Array(n).fill(-1);
    this.count = new Int32Array(n);
    const pairs = neverTogetherPairs(input);
    this.next = new Int32Array(pairs.length).fill(-1);
    this.target = new Int32Array(pairs.length);
    // Entry e lists face pairs[e ^ 1] as forbidden for face pairs[e].
    for (let e = 0; e < pairs.length; e++) {
      const face = pairs[e]!;
      this.target[e] = pairs[e ^ 1]!;
      if (this.head[face] === -1) this.head[face] = e;
      else this.next[this.tail[face]!] = e;
      this.tail[face] = e;
      this.count[face]!++;
    }
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      const up = parent[parent[x]!]!;
      parent[x] = up;
      x = up;
    }
    return x;
  }

  /** Whether roots a and b may never be one cluster. */
  conflict(a: number, b: number): boolean {
    const sa = this.seed[a]!;
    const sb = this.seed[b]!;
    if (sa >= 0 && sb >= 0 && sa !== sb) return true;
    const [from, other] = this.count[a]! <= this.count[b]! ? [a, b] : [b, a];
    for (let e = this.head[from]!; e !== -1; e = this.next[e]!) if (this.find(this.target[e]!) === other) return true;
    return false;
  }

  /** Merges roots a and b (the caller checked conflict) and returns the new root. */
  union(a: number, b: number): number {
    if (a === b) return a;
    const [root, child] = this.size[a]! >= this.size[b]! ? [a, b] : [b, a];
    this.parent[child] = root;
    this.size[root]! += this.size[child]!;
    if (this.seed[root]! < 0) this.seed[root] = this.seed[child]!;
    if (this.head[child] !== -1) {
      if (this.head[root] === -1) this.head[root] = this.head[child]!;
      else this.next[this.tail[root]!] = this.head[child]!;
      this.tail[root] = this.tail[child]!;
      this.count[root]! += this.count[child]!;
    }
    return root;
  }

  /** Unions every seed group (user-confirmed people start as one cluster), telling onMerge about each merge. */
  mergeSeedGroups(seeds: Int32Array, onMerge?: (root: number, child: number) => void): void {
    const firstOfSeed = new Map<number, number>();
    for (let i = 0; i < seeds.length; i++) {
      const s = seeds[i]!;
      if (s < 0) continue;
      const first = firstOfSeed.get(s);
      if (first === undefined) {
        firstOfSeed.set(s, i);
        continue;
      }
      const a = this.find(first);
      const b = this.find(i);
      if (a === b) continue;
      const root = this.union(a, b);
      onMerge?.(root, root === a ? b : a);
    }
  }
}

/**
 * Face pairs that may never share a cluster, flattened [a0, b0, b0, a0, a1, b1, …] so entry e's partner is e ^ 1:
 * explicit cannot-links and every pair of faces of one photo.
 */
export function neverTogetherPairs(input: ClusterInput): Int32Array {
  const { photos, cannotLink } = input;
  const n = photos.length;
  const byPhoto = new Int32Array(n);
  for (let i = 0; i < n; i++) byPhoto[i] = i;
  byPhoto.sort((a, b) => photos[a]! - photos[b]! || a - b);
  let pairCount = cannotLink.length;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && photos[byPhoto[j]!] === photos[byPhoto[i]!]) j++;
    pairCount += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  const out = new Int32Array(pairCount * 4);
  let o = 0;
  const add = (a: number, b: number) => {
    out[o++] = a;
    out[o++] = b;
    out[o++] = b;
    out[o++] = a;
  };
  for (const [a, b] of cannotLink) {
    if (a < 0 || b < 0 || a >= n || b >= n)
      throw new RangeError(`cannot-link pair [${a}, ${b}] is outside 0..${n - 1}`);
    add(a, b);
  }
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && photos[byPhoto[j]!] === photos[byPhoto[i]!]) j++;
    for (let x = i; x < j; x++) for (let y = x + 1; y < j; y++) add(byPhoto[x]!, byPhoto[y]!);
    i = j;
  }
  return out;
}

/** Dense labels 0..clusters-1 numbered by first appearance, from any per-face cluster id. */
export function denseLabels(ids: ArrayLike<number>): { labels: Int32Array; clusters: number } {
  const labels = new Int32Array(ids.length);
  const seen = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!;
    let label = seen.get(id);
    if (label === undefined) {
      label = seen.size;
      seen.set(id, label);
    }
    labels[i] = label;
  }
  return { labels, clusters: seen.size };
}

export type Violations = Readonly<{ sameCluster: number; seedsSplit: number; seedsMixed: number }>;

/**
 * Constraint breaks in a labelling: forbidden pairs (same photo, cannot-link) in one cluster, seeds spread over
 * several clusters, clusters holding two seeds. All zero for every approach here.
 */
export function constraintViolations(input: ClusterInput, labels: Int32Array): Violations {
  const pairs = neverTogetherPairs(input);
  let sameCluster = 0;
  for (let e = 0; e < pairs.length; e += 4) if (labels[pairs[e]!] === labels[pairs[e + 1]!]) sameCluster++;
  const clusterOfSeed = new Map<number, number>();
  const seedOfCluster = new Map<number, number>();
  const split = new Set<number>();
  const mixed = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const s = input.seeds[i]!;
    if (s < 0) continue;
    const c = clusterOfSeed.get(s);
    if (c === undefined) clusterOfSeed.set(s, labels[i]!);
    else if (c !== labels[i]) split.add(s);
    const t = seedOfCluster.get(labels[i]!);
    if (t === undefined) seedOfCluster.set(labels[i]!, s);
    else if (t !== s) mixed.add(labels[i]!);
  }
  return { sameCluster, seedsSplit: split.size, seedsMixed: mixed.size };
}
