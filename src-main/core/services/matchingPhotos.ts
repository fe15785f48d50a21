export type PhotoMatch = Readonly<{ photoId: number; queryFaces: readonly number[] }>;

/**
 * Photos that match every query face ('all') or at least one ('any'), given per query face the photos it matches
 * (null: the face matched nobody, or the caller left it out). Most matched faces first, then newest id first.
 */
export function matchingPhotos(
  perFace: readonly (ReadonlySet<number> | null)[],
  mode: 'all' | 'any',
): PhotoMatch[] {
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
