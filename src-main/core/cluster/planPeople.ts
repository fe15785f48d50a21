/**
 * Turns a clustering of faces into people, keeping every person the user knows and, where it can, the ids of the
 * people the previous clustering made (so an unnamed "Person 12" stays Person 12 across re-clusters).
 */
export type PeoplePlanInput = Readonly<{
  /** Cluster per face (dense, 0-based). */
  labels: Int32Array;
  clusters: number;
  /** Per face: the person the user confirmed it as, or -1. */
  confirmedPerson: Int32Array;
  /** Per face: the person the previous clustering gave it, or -1. */
  previousPerson: Int32Array;
  /** Clusters smaller than this (and holding no confirmed face) stay unassigned. Default 2. */
  minClusterSize?: number;
}>;

export type PeoplePlan = Readonly<{
  /** Per cluster: an existing person id (> 0), a new person (-(k + 1) for new person k), or 0 = unassigned. */
  clusterPerson: Int32Array;
  newPeople: number;
}>;

export function planPeople(input: PeoplePlanInput): PeoplePlan {
  const { labels, clusters, confirmedPerson, previousPerson } = input;
  const minSize = input.minClusterSize ?? 2;
  const clusterPerson = new Int32Array(clusters);
  const sizes = new Int32Array(clusters);
  const confirmed = new Set<number>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    sizes[c]! += 1;
    const person = confirmedPerson[i]!;
    if (person > 0) {
      clusterPerson[c] = person;
      confirmed.add(person);
    }
  }
  // Overlap of each remaining cluster with the people the clustering made last time (not the user's people: a
  // cluster without their confirmed faces is not them).
  const overlap = new Map<string, { cluster: number; person: number; faces: number }>();
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i]!;
    const person = previousPerson[i]!;
    if (clusterPerson[c] !== 0 || sizes[c]! < minSize || person <= 0 || confirmed.has(person)) continue;
    const key = `${c}:${person}`;
    const entry = overlap.get(key) ?? { cluster: c, person, faces: 0 };
    entry.faces += 1;
    overlap.set(key, entry);
  }
  const ranked = [...overlap.values()].sort(
    (a, b) => b.faces - a.faces || a.person - b.person || a.cluster - b.cluster,
  );
  const reused = new Set<number>();
  for (const { cluster, person } of ranked) {
    if (clusterPerson[cluster] !== 0 || reused.has(person)) continue;
    clusterPerson[cluster] = person;
    reused.add(person);
  }
  let newPeople = 0;
  for (let c = 0; c < clusters; c++) {
    if (clusterPerson[c] === 0 && sizes[c]! >= minSize) clusterPerson[c] = -++newPeople;
  }
  return { clusterPerson, newPeople };
}
