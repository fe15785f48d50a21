/** Inputs and outputs shared by every clustering approach in this folder. */

export type ClusterInput = Readonly<{
  /** Descriptor length: 128 for dlib ResNet descriptors, compared by Euclidean distance. */
  dim: number;
  /** n × dim, row-major. */
  vectors: Float32Array;
  /** Photo id per face: two faces of one photo are never put in one cluster. */
  photos: Int32Array;
  /**
   * Seed group per face, -1 = none. Faces sharing a seed start and stay in one cluster (a user-confirmed person);
   * faces of two different seeds never share a cluster. A seed outranks photos and cannot-links among its own faces
   * (the user put them together); the clusterer never adds a forbidden pair to one.
   */
  seeds: Int32Array;
  /** Face index pairs that must never share a cluster ("not this person"). */
  cannotLink: readonly (readonly [number, number])[];
}>;

/** labels are dense 0..clusters-1, numbered by first appearance; a face alone is a cluster of its own. */
export type Clustering = Readonly<{ labels: Int32Array; clusters: number }>;

/** Row i holds face i's k nearest other faces, nearest first; -1 / Infinity pad rows when n - 1 < k. */
export type KnnGraph = Readonly<{ n: number; k: number; indices: Int32Array; distances: Float32Array }>;
