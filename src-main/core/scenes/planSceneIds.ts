/*
 * Which stored scene each new cluster continues, so names (and, where possible, ids) survive re-clustering. Named
 * scenes go first: each cluster takes the named scene it shares the most photos with, largest overlaps first, and a
 * named scene is given to at most one cluster (never two clusters under one name). Unnamed scenes then lend their ids
 * the same way, so links to a scene stay valid while its photos stay roughly the same. Other clusters are new scenes.
 */

export type PreviousScene = Readonly<{ id: number; named: boolean; photoIds: readonly number[] }>;

/** Per cluster (by index), the id of the scene it continues, or null for a new scene. */
export function planSceneIds(
  clusters: readonly (readonly number[])[],
  previous: readonly PreviousScene[],
): (number | null)[] {
  const sceneOfPhoto = new Map<number, PreviousScene>();
  for (const scene of previous) for (const photoId of scene.photoIds) sceneOfPhoto.set(photoId, scene);
  const overlaps: { cluster: number; scene: PreviousScene; shared: number }[] = [];
  clusters.forEach((photoIds, cluster) => {
    const shared = new Map<PreviousScene, number>();
    for (const photoId of photoIds) {
      const scene = sceneOfPhoto.get(photoId);
      if (scene) shared.set(scene, (shared.get(scene) ?? 0) + 1);
    }
    for (const [scene, count] of shared) overlaps.push({ cluster, scene, shared: count });
  });
  const plan: (number | null)[] = clusters.map(() => null);
  const taken = new Set<number>();
  for (const named of [true, false]) {
    const candidates = overlaps
      .filter((o) => o.scene.named === named)
      .sort((a, b) => b.shared - a.shared || a.cluster - b.cluster || a.scene.id - b.scene.id);
    for (const { cluster, scene } of candidates) {
      if (plan[cluster] !== null || taken.has(scene.id)) continue;
      plan[cluster] = scene.id;
      taken.add(scene.id);
    }
  }
  return plan;
}
