import { describe, expect, it } from 'vitest';
import { morphy } from './morphy.js';

const lexicon = new Set([
  'dog',
  'box',
  'man',
  'person',
  'people',
  'sit',
  'soccer_ball',
  'knife',
  'city',
  'ski',
  'big',
  'glass',
  'ride',
]);
const known = (lemma: string): boolean => lexicon.has(lemma);

describe('morphy', () => {
  it('undoes regular noun endings only into known lemmas', () => {
    expect(morphy('dogs', 'n', known)).toEqual(['dog']);
    expect(morphy('boxes', 'n', known)).toEqual(['box']);
    expect(morphy('cities', 'n', known)).toEqual(['city']);
    expect(morphy('men', 'n', known)).toEqual(['man']);
    expect(morphy('glasses', 'n', known)).toEqual(['glass']);
    expect(morphy('cats', 'n', known)).toEqual([]);
  });

  it('uses the exception list for irregular forms, keeping a form that is a lemma itself first', () => {
    expect(morphy('people', 'n', known)).toEqual(['people', 'person']);
    expect(morphy('knives', 'n', known)).toEqual(['knife']);
    expect(morphy('skis', 'n', known)).toEqual(['ski']);
    expect(morphy('bigger', 'a', known)).toEqual(['big']);
  });

  it('inflects a collocation on its last word and undoes doubled consonants of verbs', () => {
    expect(morphy('soccer_balls', 'n', known)).toEqual(['soccer_ball']);
    expect(morphy('sitting', 'v', known)).toEqual(['sit']);
    expect(morphy('riding', 'v', known)).toEqual(['ride']);
    expect(morphy('sat', 'v', known)).toEqual(['sit']);
  });
});
