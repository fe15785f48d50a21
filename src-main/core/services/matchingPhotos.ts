export type PhotoMatch = Readonly<{ photoId: number; queryFaces: readonly number[] }>;

/**
 * Photos that match every query face ('all') or at least one ('any'), given per query face the photos it matches
 * (null: the face matched nobody, or the caller left it out). Most matched faces first, then newest id first.
 */
export function matchingPhotos(perFace: readonly (ReadonlySet<number> | null)[], mode: 'all' | 'any'): PhotoMatch[] {
  const used = perFace.flatMap((photos, face) => (photos ? [{ face, photos }] : []));
  if (used.length === 0) return [];
  const matched = new Map<number, number[]>();
  for (const { face, photos } of used) {
    for (const photoId of photos) matched.set(photoId, [...(matched.get(photoId) ?? []), face]);
  }
  return [...matched.entries()]
    .filter(([, faces]) => mode === 'any' || faces.length === used.length)
    .map(([photoId, queryFaces]) => ({ photoId, queryFaces }))
    .sort((a, b) => b.queryFaces.length - a.queryFaces.length || b.photoId - a.photoId);
}

/**
 * Gives each query face a different face of the photo from its options (closest first): two faces of one query photo
 * are two people, so one face of a library photo cannot stand for both. Returns the chosen option per query face, or
 * null when the photo does not have enough distinct matching faces (Kuhn's augmenting paths; queries are small).
 */
export function assignDistinct(options: readonly (readonly number[])[]): number[] | null {
  const owner = new Map<number, number>();
  const tryAssign = (query: number, seen: Set<number>): boolean => {
    for (const face of options[query]!) {
      if (seen.has(face)) continue;
      seen.add(face);
      const current = owner.get(face);
      if (current === undefined || tryAssign(current, seen)) {
        owner.set(face, query);
        return true;
      }
    }
    return false;
  };
  for (let query = 0; query < options.length; query++) if (!tryAssign(query, new Set())) return null;
  const chosen = new Array<number>(options.length);
  for (const [face, query] of owner) chosen[query] = face;
  return chosen;
}
