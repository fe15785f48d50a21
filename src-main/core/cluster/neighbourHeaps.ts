/** Fixed-size per-row heaps in flat typed arrays: no object per face or per edge, even at 300k faces. */
import type { KnnGraph } from './clusterTypes.js';

/** k slots per row kept as a max-heap on distance (root = worst kept neighbour), plus a "new" flag per slot. */
export class NeighbourHeaps {
  readonly ids: Int32Array;
  readonly dist: Float64Array;
  readonly isNew: Uint8Array;

  constructor(
    readonly rows: number,
    readonly k: number,
  ) {
    this.ids = new Int32Array(rows * k).fill(-1);
    this.dist = new Float64Array(rows * k).fill(Infinity);
    this.isNew = new Uint8Array(rows * k);
  }

  /** The worst kept distance of a row (Infinity while the row has free slots). */
  bound(row: number): number {
    return this.dist[row * this.k]!;
  }

  /** Keeps id in row if nearer than the worst kept one and not already there; 1 when kept. */
  push(row: number, id: number, d: number, isNew: number): number {
    const k = this.k;
    const base = row * k;
    const dist = this.dist;
    const ids = this.ids;
    if (d >= dist[base]!) return 0;
    for (let j = base; j < base + k; j++) if (ids[j] === id) return 0;
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= k) break;
      const r = l + 1;
      const c = r < k && dist[base + r]! > dist[base + l]! ? r : l;
      if (dist[base + c]! <= d) break;
      dist[base + pos] = dist[base + c]!;
      ids[base + pos] = ids[base + c]!;
      this.isNew[base + pos] = this.isNew[base + c]!;
      pos = c;
    }
    dist[base + pos] = d;
    ids[base + pos] = id;
    this.isNew[base + pos] = isNew;
    return 1;
  }

  /** Rows sorted nearest first, with distances from `distance(row, id)` (squared; made Euclidean here). */
  toGraph(distance: (row: number, id: number) => number): KnnGraph {
    const { k, ids } = this;
    const indices = new Int32Array(ids.length);
    const distances = new Float32Array(ids.length);
    const rowIds = new Int32Array(k);
    const rowDist = new Float64Array(k);
    for (let r = 0; r < this.rows; r++) {
      const base = r * k;
      let filled = 0;
      for (let j = base; j < base + k; j++) {
        const id = ids[j]!;
        if (id < 0) continue;
        const d = Math.sqrt(distance(r, id));
        // Insertion into the sorted prefix; ties to the lower id, so rows do not depend on heap order.
        let p = filled++;
        while (p > 0 && (rowDist[p - 1]! > d || (rowDist[p - 1] === d && rowIds[p - 1]! > id))) {
          rowDist[p] = rowDist[p - 1]!;
          rowIds[p] = rowIds[p - 1]!;
          p--;
        }
        rowDist[p] = d;
        rowIds[p] = id;
      }
      for (let j = 0; j < k; j++) {
        indices[base + j] = j < filled ? rowIds[j]! : -1;
        distances[base + j] = j < filled ? rowDist[j]! : Infinity;
      }
    }
    return { n: this.rows, k, indices, distances };
  }
}

/** Random samples per row: a max-heap on a random priority keeps a uniform sample of at most `size` ids. */
export class CandidateSamples {
  readonly ids: Int32Array;
  readonly priority: Float64Array;

  constructor(
    rows: number,
    readonly size: number,
  ) {
    this.ids = new Int32Array(rows * size);
    this.priority = new Float64Array(rows * size);
  }

  clear(): void {
    this.ids.fill(-1);
    this.priority.fill(Infinity);
  }

  push(row: number, id: number, p: number): void {
    const size = this.size;
    const base = row * size;
    const pr = this.priority;
    const ids = this.ids;
    if (p >= pr[base]!) return;
    for (let j = base; j < base + size; j++) if (ids[j] === id) return;
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= size) break;
      const r = l + 1;
      const c = r < size && pr[base + r]! > pr[base + l]! ? r : l;
      if (pr[base + c]! <= p) break;
      pr[base + pos] = pr[base + c]!;
      ids[base + pos] = ids[base + c]!;
      pos = c;
    }
    pr[base + pos] = p;
    ids[base + pos] = id;
  }

  has(row: number, id: number): boolean {
    const base = row * this.size;
    for (let j = base; j < base + this.size; j++) if (this.ids[j] === id) return true;
    return false;
  }
}
