/** Every face clustering may place, as typed arrays (one row per face), with what the user and the last run decided. */
export type ClusterSnapshot = Readonly<{
  dim: number;
  faceIds: Int32Array;
  photoIds: Int32Array;
  /** faces × dim, row-major. */
  vectors: Float32Array;
  /** The person the user confirmed the face as, or -1. */
  confirmedPerson: Int32Array;
  /** The person the face is in now (confirmed or by clustering), or -1. */
  previousPerson: Int32Array;
  /** "Not this person": face row and person id. */
  rejections: readonly (readonly [face: number, person: number])[];
}>;

/**
 * The rejections as face pairs that must never share a cluster: the rejected face against one confirmed face of the
 * person (all of whose confirmed faces stay together, so one pair forbids the whole person).
 */
export function rejectionPairs(s: ClusterSnapshot): [number, number][] {
  const anchor = new Map<number, number>();
  s.confirmedPerson.forEach((person, i) => {
    if (person > 0 && !anchor.has(person)) anchor.set(person, i);
  });
  const pairs: [number, number][] = [];
  for (const [face, person] of s.rejections) {
    const other = anchor.get(person);
    if (other !== undefined) pairs.push([face, other]);
  }
  return pairs;
}
