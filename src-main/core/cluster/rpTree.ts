/*
 * Random-projection tree (as in Annoy / pynndescent): split each node by the plane halfway between two random
 * members until leaves hold at most leafSize faces. Faces sharing a leaf are likely near each other, so the leaves
 * give NN-descent its first guess and let a query find candidates without comparing every face.
 */
import { dotWithRow } from './vectorMath.js';

export type RpTree = Readonly<{
  /** Face indices, each leaf a contiguous range. */
  perm: Int32Array;
  /** Per node: children (-1 for a leaf), range in perm, splitting plane (normal, offset). */
  left: Int32Array;
  right: Int32Array;
  start: Int32Array;
  end: Int32Array;
  normals: Float32Array;
  offsets: Float64Array;
}>;

export function buildRpTree(vectors: Float32Array, dim: number, leafSize: number, random: () => number): RpTree {
  const n = vectors.length / dim;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  // Balanced splits need about 4n / leafSize nodes; uneven ones more, so the arrays grow on demand.
  let capacity = 4 * Math.ceil(n / Math.max(1, leafSize)) + 3;
  let left = new Int32Array(capacity).fill(-1);
  let right = new Int32Array(capacity).fill(-1);
  let start = new Int32Array(capacity);
  let end = new Int32Array(capacity);
  let normals = new Float32Array(capacity * dim);
  let offsets = new Float64Array(capacity);
  const grow = () => {
    capacity *= 2;
    left = copyInto(new Int32Array(capacity).fill(-1), left);
    right = copyInto(new Int32Array(capacity).fill(-1), right);
    start = copyInto(new Int32Array(capacity), start);
    end = copyInto(new Int32Array(capacity), end);
    normals = copyInto(new Float32Array(capacity * dim), normals);
    offsets = copyInto(new Float64Array(capacity), offsets);
  };
  const side = new Uint8Array(n);
  const scratch = new Int32Array(n);
  let nodes = 1;
  end[0] = n;
  const stack = [0];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const s = start[node]!;
    const e = end[node]!;
    const count = e - s;
    if (count <= leafSize) continue;
    if (nodes + 2 > capacity) grow();
    const pi = Math.floor(random() * count);
    let qi = Math.floor(random() * (count - 1));
    if (qi >= pi) qi++;
    const p = perm[s + pi]! * dim;
    const q = perm[s + qi]! * dim;
    // Plane halfway between p and q, perpendicular to p - q.
    const normal = normals.subarray(node * dim, node * dim + dim);
    let offset = 0;
    for (let d = 0; d < dim; d++) {
      const a = vectors[p + d]!;
      const b = vectors[q + d]!;
      normal[d] = a - b;
      offset += (a - b) * ((a + b) / 2);
    }
    offsets[node] = offset;
    let rightCount = 0;
    for (let i = s; i < e; i++) {
      const m = dotWithRow(normal, vectors, perm[i]!, dim) - offset;
      const goesRight = m > 0 || (m === 0 && random() < 0.5) ? 1 : 0;
      side[i] = goesRight;
      rightCount += goesRight;
    }
    let mid: number;
    if (rightCount === 0 || rightCount === count) {
      // Identical descriptors cannot be split by a plane: halve the range as it is, and mark the plane unusable.
      mid = s + (count >> 1);
      normal.fill(0);
      offsets[node] = NaN;
    } else {
      let l = s;
      let r = s + count - rightCount;
      mid = r;
      for (let i = s; i < e; i++) scratch[side[i] ? r++ : l++] = perm[i]!;
      perm.set(scratch.subarray(s, e), s);
    }
    const l = nodes++;
    const r = nodes++;
    start[l] = s;
    end[l] = mid;
    start[r] = mid;
    end[r] = e;
    left[node] = l;
    right[node] = r;
    stack.push(r, l);
  }
  return {
    perm,
    left: left.slice(0, nodes),
    right: right.slice(0, nodes),
    start: start.slice(0, nodes),
    end: end.slice(0, nodes),
    normals: normals.slice(0, nodes * dim),
    offsets: offsets.slice(0, nodes),
  };
}

/** The leaf row `row` of `query` falls into. */
export function rpTreeLeaf(tree: RpTree, query: Float32Array, row: number, dim: number): number {
  let node = 0;
  while (tree.left[node]! >= 0) {
    const offset = tree.offsets[node]!;
    // A plane-less node (identical descriptors) was halved: either side holds equally near faces.
    const m = Number.isNaN(offset)
      ? -1
      : dotWithRow(tree.normals.subarray(node * dim, node * dim + dim), query, row, dim) - offset;
    node = m > 0 ? tree.right[node]! : tree.left[node]!;
  }
  return node;
}

function copyInto<T extends Int32Array | Float32Array | Float64Array>(into: T, from: T): T {
  into.set(from);
  return into;
}
