import { afterAll, describe, expect, it } from 'vitest';
import { COCO_LABELS } from '../inference/preprocess/cocoLabels.js';
import { planQuery, type QueryConcept } from './queryPlan.js';
import { buildTagVocabulary } from './tagVocabulary.js';
import { loadWordNet } from './wordnet.js';

const wordnet = loadWordNet();
afterAll(() => wordnet.close());
const vocabulary = buildTagVocabulary(COCO_LABELS, wordnet);

function concepts(query: string): readonly QueryConcept[] {
  return planQuery(query, vocabulary, wordnet).concepts;
}
/** The best tag of a one-concept query. */
function bestTag(query: string) {
  const [concept, ...rest] = concepts(query);
  expect(rest).toEqual([]);
  return concept!.tags[0];
}

describe('query expansion onto the COCO labels (MODEL_NOTES mappings)', () => {
  it.each([
    ['puppy', 'dog', 'hypernym'],
    ['soccer ball', 'sports ball', 'hypernym'],
    ['automobile', 'car', 'synonym'],
    ['sofa', 'couch', 'synonym'],
    ['laptop computer', 'laptop', 'synonym'],
    ['kitten', 'cat', 'gloss'],
  ])('"%s" → %s (via %s)', (query, label, via) => {
    expect(bestTag(query)).toMatchObject({ term: label, via });
  });

  it('weighs expanded terms below exact ones', () => {
    expect(bestTag('dog')).toEqual({ term: 'dog', weight: 1, via: 'exact' });
    for (const query of ['puppy', 'automobile', 'kitten', 'soccer ball'])
      expect(bestTag(query)!.weight).toBeLessThan(1);
    expect(bestTag('kitten')!.weight).toBeLessThan(bestTag('puppy')!.weight);
  });
});

describe('query understanding', () => {
  it('keeps multi-word lemmas and labels together, plurals included', () => {
    expect(concepts('a hot dog and a teddy bear').map((c) => c.text)).toEqual(['hot dog', 'teddy bear']);
    expect(bestTag('two cell phones')).toMatchObject({ term: 'cell phone', via: 'exact' });
    expect(bestTag('soccer balls')).toMatchObject({ term: 'sports ball' });
  });

  it('lets the head word of a multi-word label stand for it, below a label it names itself', () => {
    expect(bestTag('bat')).toMatchObject({ term: 'baseball bat', via: 'hyponym' });
    expect(bestTag('tables')).toMatchObject({ term: 'dining table' });
    const bear = concepts('bear')[0]!.tags;
    expect(bear[0]).toMatchObject({ term: 'bear', weight: 1 });
    expect(bear.find((t) => t.term === 'teddy bear')!.weight).toBeLessThan(0.5);
  });

  it('drops stop words and lemmatizes ("the dogs on a couch" → dog, couch)', () => {
    const plan = concepts('The dogs on a couch!');
    expect(plan.map((c) => c.tags[0]?.term)).toEqual(['dog', 'couch']);
    expect(plan[0]!.words.map((w) => w.term)).toEqual(expect.arrayContaining(['dogs', 'dog']));
  });

  it('maps people words onto person, a general word onto the labels below it', () => {
    for (const query of ['man', 'woman', 'boy', 'people', 'children']) expect(bestTag(query)!.term).toBe('person');
    const animal = concepts('animal')[0]!.tags;
    expect(animal.map((t) => t.term)).toEqual(expect.arrayContaining(['dog', 'cat', 'horse', 'bird']));
    expect(animal.every((t) => t.via === 'hyponym' && t.weight < 1)).toBe(true);
    expect(concepts('vehicle')[0]!.tags.map((t) => t.term)).toEqual(
      expect.arrayContaining(['car', 'truck', 'motorcycle']),
    );
  });

  it('does not read mostly-adjective words or later senses of a label as that label', () => {
    expect(concepts('white')[0]!.tags).toEqual([]); // white person is a noun sense of "white"
    expect(concepts('person')[0]!.tags.map((t) => t.term)).not.toContain('toaster');
    const bowl = concepts('bowl')[0]!.tags;
    expect(bowl[0]).toMatchObject({ term: 'bowl', weight: 1 });
    expect(bowl.slice(1).every((t) => t.weight < 0.5)).toBe(true);
  });

  it('keeps unknown words (names, OCR words) as text terms with no tags', () => {
    const [concept] = concepts('Zanzibarova');
    expect(concept).toEqual({
      text: 'zanzibarova',
      tags: [],
      words: [{ term: 'zanzibarova', weight: 1, via: 'exact' }],
    });
    expect(concepts('   ')).toEqual([]);
  });
});
