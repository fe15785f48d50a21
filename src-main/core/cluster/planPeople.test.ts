import { describe, expect, it } from 'vitest';
import { planPeople } from './planPeople.js';

const i32 = (values: number[]) => Int32Array.from(values);

describe('planPeople', () => {
  it('gives a cluster holding confirmed faces to their person', () => {
    const plan = planPeople({
      labels: i32([0, 0, 1, 1]),
      clusters: 2,
      confirmedPerson: i32([7, -1, -1, -1]),
      previousPerson: i32([7, 3, 3, 3]),
    });
    expect(Array.from(plan.clusterPerson)).toEqual([7, 3]);
    expect(plan.newPeople).toBe(0);
  });

  it('keeps the id of the previous person with the largest overlap, once', () => {
    const plan = planPeople({
      labels: i32([0, 0, 0, 1, 1, 2, 2]),
      clusters: 3,
      confirmedPerson: i32([-1, -1, -1, -1, -1, -1, -1]),
      previousPerson: i32([5, 5, 6, 5, -1, -1, -1]),
    });
    expect(Array.from(plan.clusterPerson)).toEqual([5, -1, -2]);
    expect(plan.newPeople).toBe(2);
  });

  it('leaves singletons unassigned and never hands a user person to a cluster without their confirmed faces', () => {
    const plan = planPeople({
      labels: i32([0, 1, 1, 2]),
      clusters: 3,
      confirmedPerson: i32([9, -1, -1, -1]),
      previousPerson: i32([9, 9, 9, 4]),
    });
    expect(Array.from(plan.clusterPerson)).toEqual([9, -1, 0]);
  });
});
