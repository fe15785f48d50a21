import { describe, expect, it } from 'vitest';
import { assignDistinct, matchingPhotos } from './matchingPhotos.js';

describe('matchingPhotos', () => {
  const perFace = [new Set([1, 2, 3]), null, new Set([2, 3, 4])];

  it('keeps the photos every matched query face is in, ignoring faces that matched nobody', () => {
    expect(matchingPhotos(perFace, 'all')).toEqual([
      { photoId: 3, queryFaces: [0, 2] },
      { photoId: 2, queryFaces: [0, 2] },
    ]);
  });

  it('lists any photo with at least one, most matched faces first', () => {
    expect(matchingPhotos(perFace, 'any').map((m) => [m.photoId, m.queryFaces.length])).toEqual([
      [3, 2],
      [2, 2],
      [4, 1],
      [1, 1],
    ]);
  });

  it('finds nothing when no face matched anybody', () => {
    expect(matchingPhotos([null, null], 'all')).toEqual([]);
  });
});

describe('assignDistinct', () => {
  it('gives each query face its own photo face, moving an earlier choice when needed', () => {
    expect(assignDistinct([[7, 8], [7]])).toEqual([8, 7]);
    expect(assignDistinct([[1], [2], [3, 1]])).toEqual([1, 2, 3]);
  });

  it('refuses a photo where one face would have to stand for two query faces', () => {
    expect(assignDistinct([[5], [5]])).toBeNull();
    expect(assignDistinct([[1, 2], [1, 2], [2]])).toBeNull();
  });
});
