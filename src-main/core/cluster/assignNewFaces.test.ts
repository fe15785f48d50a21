import { describe, expect, it } from 'vitest';
import { assignNewFaces, type ExistingFaces } from './assignNewFaces.js';

/** Two people on a line: person 10 around 0, person 20 around 1; one photo per face. */
function existing(): ExistingFaces {
  const values = [0, 0.02, -0.02, 1, 1.02, 0.98];
  return {
    dim: 1,
    vectors: Float32Array.from(values),
    photos: Int32Array.from([1, 2, 3, 4, 5, 6]),
    persons: Int32Array.from([10, 10, 10, 20, 20, 20]),
  };
}

describe('assignNewFaces', () => {
  it('adds faces to the nearest person under the threshold and clusters the rest among themselves', () => {
    const result = assignNewFaces(
      existing(),
      { vectors: Float32Array.from([0.01, 0.99, 5, 5.01, 9]), photos: Int32Array.from([7, 8, 9, 10, 11]) },
      { threshold: 0.1 },
    );
    expect(result).toEqual([{ person: 10 }, { person: 20 }, { newCluster: 0 }, { newCluster: 0 }, { newCluster: 1 }]);
  });

  it('skips a person who already has a face in that photo, or whom the face is cannot-linked to', () => {
    const result = assignNewFaces(
      existing(),
      { vectors: Float32Array.from([0.01, 0.01, 0.5]), photos: Int32Array.from([1, 7, 8]), cannotLink: [[1, 10]] },
      { threshold: 0.1 },
    );
    // Face 0 is in photo 1, which already shows person 10; face 1 is "not person 10"; 0.5 is nobody's.
    expect(result.every((a) => 'newCluster' in a)).toBe(true);
  });

  it('gives a person to at most one of the new faces of one photo: the nearer one', () => {
    const result = assignNewFaces(
      existing(),
      { vectors: Float32Array.from([0.05, 0.001]), photos: Int32Array.from([9, 9]) },
      { threshold: 0.1 },
    );
    expect(result[1]).toEqual({ person: 10 });
    expect(result[0]).toEqual({ newCluster: 0 });
  });

  it('uses the average distance to all of a person’s faces, not the nearest one alone', () => {
    // 0.10 from the person's nearest face (0.02), but 0.121 RMS over their three faces (0, 0.02, -0.02).
    const result = assignNewFaces(
      existing(),
      { vectors: Float32Array.from([0.12]), photos: Int32Array.from([9]) },
      { threshold: 0.11 },
    );
    expect(result).toEqual([{ newCluster: 0 }]);
  });

  it('works with no known faces and finds people through a forest when the library is large', () => {
    expect(
      assignNewFaces(
        { ...existing(), vectors: new Float32Array(0), photos: new Int32Array(0), persons: new Int32Array(0) },
        {
          vectors: Float32Array.from([0, 0.01]),
          photos: Int32Array.from([1, 2]),
        },
      ),
    ).toEqual([{ newCluster: 0 }, { newCluster: 0 }]);
    const n = 3000;
    const big: ExistingFaces = {
      dim: 1,
      vectors: Float32Array.from({ length: n }, (_, i) => Math.floor(i / 3) * 10 + (i % 3) * 0.01),
      photos: Int32Array.from({ length: n }, (_, i) => i),
      persons: Int32Array.from({ length: n }, (_, i) => Math.floor(i / 3)),
    };
    const result = assignNewFaces(
      big,
      { vectors: Float32Array.from([5000.01, 20]), photos: Int32Array.from([-1, -2]) },
      { threshold: 0.1, knn: { exactBelow: 10 } },
    );
    expect(result).toEqual([{ person: 500 }, { person: 2 }]);
  });
});
