import { describe, expect, it } from 'vitest';
import { planSceneIds } from './planSceneIds.js';

describe('planSceneIds', () => {
  it('hands a named scene to the cluster sharing most of its photos, and to one cluster only', () => {
    const plan = planSceneIds(
      [
        [1, 2],
        [3, 4, 5, 6],
        [7, 8],
      ],
      [{ id: 10, named: true, photoIds: [1, 3, 4, 5] }],
    );
    expect(plan).toEqual([null, 10, null]);
  });

  it('keeps unnamed ids where clusters overlap them, names first', () => {
    const plan = planSceneIds(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [
        { id: 7, named: false, photoIds: [1, 2, 3, 4] },
        { id: 8, named: true, photoIds: [5] },
      ],
    );
    expect(plan).toEqual([7, 8]);
  });

  it('starts new scenes when nothing overlaps', () => {
    expect(planSceneIds([[1], [2]], [{ id: 3, named: true, photoIds: [9] }])).toEqual([null, null]);
  });
});
