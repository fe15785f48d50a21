import { describe, expect, it } from 'vitest';
import type { DocColumn } from '../db/repos/searchRepo.js';
import type { QueryPlan } from './queryPlan.js';
import { idf, rankPhotos, tagStrength, type SearchSignals } from './rank.js';

type FakePhoto = { tags?: Record<string, number>; ocr?: string; people?: string };

/** FAKE signal source over a handful of in-memory photos (ids 1…n), for ranking tests only. */
function fakeSignals(photos: readonly FakePhoto[]): SearchSignals {
  const mass = (p: FakePhoto) => Object.values(p.tags ?? {}).reduce((a, b) => a + b, 0);
  const column = (p: FakePhoto, c: DocColumn) => (c === 'ocr' ? p.ocr : c === 'people' ? p.people : undefined) ?? '';
  return {
    photoCount: () => photos.length,
    maxPhotoId: () => photos.length,
    tagPostings: (label) => {
      const meanMass = photos.reduce((s, p) => s + mass(p), 0) / photos.length;
      const rows = photos.flatMap((p, i) =>
        p.tags?.[label] ? [{ id: i + 1, conf: p.tags[label], mass: mass(p) }] : [],
      );
      return {
        ids: Int32Array.from(rows, (r) => r.id),
        confidence: Float64Array.from(rows, (r) => r.conf),
        strength: Float32Array.from(rows, (r) => tagStrength(r.conf, 0.25, r.mass, meanMass)),
      };
    },
    docPostings: (c, tokens) =>
      photos.flatMap((p, i) => (` ${column(p, c).toLowerCase()} `.includes(` ${tokens.join(' ')} `) ? [i + 1] : [])),
    despacedPostings: (fragment) =>
      photos.flatMap((p, i) =>
        (p.ocr ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')
          .includes(fragment)
          ? [i + 1]
          : [],
      ),
  };
}

const plan = (...concepts: { text: string; tags?: [string, number][]; words?: string[] }[]): QueryPlan => ({
  query: concepts.map((c) => c.text).join(' '),
  concepts: concepts.map((c) => ({
    text: c.text,
    tags: (c.tags ?? []).map(([term, weight]) => ({ term, weight, via: weight === 1 ? 'exact' : 'hypernym' })),
    words: (c.words ?? [c.text]).map((term) => ({ term, weight: 1, via: 'exact' })),
  })),
});

const page = { offset: 0, limit: 10 };

describe('ranking', () => {
  it('idf falls with document frequency and tag strength with busy photos', () => {
    expect(idf(100, 1)).toBeGreaterThan(idf(100, 50));
    expect(idf(100, 100)).toBeGreaterThan(0);
    expect(tagStrength(0.9, 0.25, 1, 1)).toBeGreaterThan(tagStrength(0.9, 0.25, 5, 1));
    expect(tagStrength(0.9, 0.5, 1, 1)).toBeGreaterThan(tagStrength(0.9, 0.01, 1, 1));
  });

  it('lets the rare word pick the photo over a common one (IDF), and says why', () => {
    const photos: FakePhoto[] = [
      { tags: { person: 0.9 } },
      { tags: { person: 0.9 } },
      { tags: { person: 0.9, dog: 0.6 } },
      { tags: { dog: 0.7 } },
    ];
    const result = rankPhotos(
      plan({ text: 'man', tags: [['person', 0.72]] }, { text: 'dog', tags: [['dog', 1]] }),
      fakeSignals(photos),
      page,
    );
    expect(result.engine).toBe('offline');
    expect(result.hits.map((h) => h.photoId)).toEqual([3, 4, 1, 2]);
    expect(result.total).toBe(4);
    expect(result.hits[0]!.reasons.map((r) => (r.kind === 'tag' ? `${r.label} ${r.confidence}` : ''))).toEqual([
      'dog 0.6',
      'person 0.9',
    ]);
    expect(result.hits[1]!.clipScore).toBeNull();
  });

  it('ranks a more confident tag higher and an exact match above an expanded one', () => {
    const photos: FakePhoto[] = [{ tags: { dog: 0.4 } }, { tags: { dog: 0.9 } }, { tags: { cat: 0.9 } }, {}];
    expect(
      rankPhotos(plan({ text: 'dog', tags: [['dog', 1]] }), fakeSignals(photos), page).hits.map((h) => h.photoId),
    ).toEqual([2, 1]);
    const pet = plan({
      text: 'pet',
      tags: [
        ['cat', 1],
        ['dog', 0.5],
      ],
    });
    expect(rankPhotos(pet, fakeSignals(photos), page).hits[0]!.photoId).toBe(3);
  });

  it('matches OCR words, de-spaced OCR text and names, and pages the results', () => {
    const photos: FakePhoto[] = [{ ocr: 'WELCOMETO ROME' }, { people: 'ann lee' }, { ocr: 'rome' }, {}];
    const welcome = rankPhotos(plan({ text: 'welcome' }), fakeSignals(photos), page);
    expect(welcome.hits).toHaveLength(1);
    expect(welcome.hits[0]!.reasons[0]).toMatchObject({ kind: 'text', field: 'despaced', term: 'welcome' });
    expect(rankPhotos(plan({ text: 'ann' }), fakeSignals(photos), page).hits[0]).toMatchObject({
      photoId: 2,
      reasons: [{ kind: 'text', field: 'people' }],
    });
    const rome = plan({ text: 'rome' });
    expect(rankPhotos(rome, fakeSignals(photos), { offset: 0, limit: 1 }).hits.map((h) => h.photoId)).toEqual([1]);
    expect(rankPhotos(rome, fakeSignals(photos), { offset: 1, limit: 1 })).toMatchObject({
      total: 2,
      hits: [{ photoId: 3 }],
    });
  });

  it('blends CLIP similarity when given one and says so', () => {
    const photos: FakePhoto[] = [{ tags: { dog: 0.9 } }, { tags: { dog: 0.5 } }, {}];
    const clip = {
      scores: new Map([
        [2, 0.9],
        [3, 0.8],
        [1, 0.1],
      ]),
      weight: 0.7,
    };
    const result = rankPhotos(plan({ text: 'dog', tags: [['dog', 1]] }), fakeSignals(photos), { ...page, clip });
    expect(result.engine).toBe('offline+clip');
    expect(result.hits.map((h) => h.photoId)).toEqual([2, 3, 1]);
    expect(result.hits[1]).toMatchObject({ photoId: 3, offlineScore: 0, clipScore: 0.8, reasons: [] });
  });
});
