import { describe, expect, it } from 'vitest';
import { despace, STOP_WORDS, tokenize } from './tokenize.js';

describe('tokenize', () => {
  it('lowercases, strips punctuation, diacritics and possessives', () => {
    expect(tokenize("The dog's Café, in São-Paulo!")).toEqual(['the', 'dog', 'cafe', 'in', 'sao', 'paulo']);
    expect(tokenize('  ')).toEqual([]);
    expect(tokenize('2019-06-14 北京')).toEqual(['2019', '06', '14', '北京']);
  });

  it('de-spaces to letters and digits only', () => {
    expect(despace('WELCOME TO  Rome!')).toBe('welcometorome');
  });

  it('treats function words as stop words but not content words', () => {
    expect(STOP_WORDS.has('the')).toBe(true);
    expect(STOP_WORDS.has('dog')).toBe(false);
  });
});
