/*
 * Cluster selection by stability (HDBSCAN's "excess of mass", Campello et al. 2013) over any dendrogram, here the
 * average-linkage tree of scene descriptors. A single cut is a poor fit for scenes: one height keeps a tight place
 * whole but joins two loose ones (mountains with glaciers), or splits the loose ones into noise. Walking down the
 * tree instead, a cluster lives from the height it forms at until it splits into two clusters of minClusterSize or
 * falls apart; photos that drift off on the way leave it. Its stability sums, per photo, how long (in λ = 1/height)
 * the photo stayed. A cluster is kept when it is more stable than its best selection of descendants, else they are.
 */

/** The merges of an agglomerative clustering, in the order they happened: roots `a` and `b` joined at `height`. */
export type MergeLog = { a: number[]; b: number[]; height: number[] };

export function emptyMergeLog(): MergeLog {
  return { a: [], b: [], height: [] };
}

export type StableClusterParams = Readonly<{
  minClusterSize: number;
  /** The height the tree was built up to: every root of the forest is born there. */
  topHeight: number;
  /**
   * Heights below this count as this: structure there (bursts of near-identical photos) is not what a cluster is
   * for, and a split at height 0 would otherwise be infinitely stable.
   */
  floorHeight: number;
}>;

type Tree = { left: Int32Array; right: Int32Array; height: Float64Array; size: Int32Array; roots: number[] };

/** The log as a forest: leaves 0..n−1 are the items, node n + m is merge m. */
function buildTree(n: number, log: MergeLog): Tree {
  const m = log.a.length;
  const left = new Int32Array(m);
  const right = new Int32Array(m);
  const height = new Float64Array(m);
  const size = new Int32Array(n + m);
  size.fill(1, 0, n);
  // The tree node each root of the agglomerative union currently stands for.
  const nodeOf = Int32Array.from({ length: n }, (_, i) => i);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  for (let k = 0; k < m; k++) {
    const ra = find(log.a[k]!);
    const rb = find(log.b[k]!);
    if (ra === rb) throw new Error(`merge ${k} joins a cluster with itself`);
    left[k] = nodeOf[ra]!;
    right[k] = nodeOf[rb]!;
    height[k] = log.height[k]!;
    size[n + k] = size[left[k]!]! + size[right[k]!]!;
    parent[rb] = ra;
    nodeOf[ra] = n + k;
  }
  const roots: number[] = [];
  for (let i = 0; i < n; i++) if (find(i) === i) roots.push(nodeOf[i]!);
  return { left, right, height, size, roots };
}

/** Per item, its selected cluster (0, 1, … in order of discovery) or −1 for noise. */
export function selectStableClusters(n: number, log: MergeLog, params: StableClusterParams): Int32Array {
  const { minClusterSize: min, topHeight, floorHeight } = params;
  if (!(floorHeight > 0 && floorHeight <= topHeight)) {
    throw new RangeError(`floor height ${floorHeight} must be in (0, ${topHeight}]`);
  }
  const tree = buildTree(n, log);
  const lambda = (h: number) => 1 / Math.min(topHeight, Math.max(floorHeight, h));
  // Condensed clusters: birth λ, stability, parent cluster, the tree node each starts at.
  const birth: number[] = [];
  const stability: number[] = [];
  const parentCluster: number[] = [];
  const start: number[] = [];
  const open = (node: number, born: number, parent: number) => {
    birth.push(born);
    stability.push(0);
    parentCluster.push(parent);
    start.push(node);
    return birth.length - 1;
  };
  const stack: [number, number][] = [];
  for (const root of tree.roots) if (tree.size[root]! >= min) stack.push([root, open(root, lambda(topHeight), -1)]);
  while (stack.length > 0) {
    const [node, c] = stack.pop()!;
    if (node < n) {
      // Only with minClusterSize 1: the last item stays until the floor.
      stability[c]! += lambda(0) - birth[c]!;
      continue;
    }
    const k = node - n;
    const l = tree.left[k]!;
    const r = tree.right[k]!;
    // Heights of a reducible linkage never fall going up the tree; λ is clamped so a child never outlives its parent.
    const at = Math.max(birth[c]!, lambda(tree.height[k]!));
    const bigLeft = tree.size[l]! >= min;
    const bigRight = tree.size[r]! >= min;
    if (bigLeft && bigRight) {
      stability[c]! += tree.size[node]! * (at - birth[c]!);
      stack.push([l, open(l, at, c)], [r, open(r, at, c)]);
    } else if (bigLeft || bigRight) {
      const [stay, leave] = bigLeft ? [l, r] : [r, l];
      stability[c]! += tree.size[leave]! * (at - birth[c]!);
      stack.push([stay, c]);
    } else {
      stability[c]! += tree.size[node]! * (at - birth[c]!);
    }
  }
  // Excess of mass, children before parents (a child is always opened after its parent).
  const count = birth.length;
  const best = stability.slice();
  const childSum = new Float64Array(count);
  const hasChildren = new Uint8Array(count);
  const selected = new Uint8Array(count);
  for (let c = count - 1; c >= 0; c--) {
    if (hasChildren[c] && childSum[c]! > stability[c]!) best[c] = childSum[c]!;
    else selected[c] = 1;
    const p = parentCluster[c]!;
    if (p >= 0) {
      childSum[p]! += best[c]!;
      hasChildren[p] = 1;
    }
  }
  // Label top-down: the first selected cluster on a path takes every item under its start node.
  const labels = new Int32Array(n).fill(-1);
  // Parents come before their children, so one pass knows whether an ancestor was selected already.
  const underSelected = new Uint8Array(count);
  let next = 0;
  for (let c = 0; c < count; c++) {
    const p = parentCluster[c]!;
    if (p >= 0 && (selected[p] || underSelected[p])) underSelected[c] = 1;
    if (underSelected[c] || !selected[c]) continue;
    const label = next++;
    const nodes = [start[c]!];
    while (nodes.length > 0) {
      const node = nodes.pop()!;
      if (node < n) labels[node] = label;
      else nodes.push(tree.left[node - n]!, tree.right[node - n]!);
    }
  }
  return labels;
}
