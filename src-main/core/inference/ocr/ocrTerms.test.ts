import { describe, expect, it } from 'vitest';
import { indexTerms } from './ocrTerms.js';

describe('indexTerms', () => {
  it('lowercases and splits words on punctuation, keeps the best confidence, drops lone Latin letters', () => {
    const terms = indexTerms([
      {
        text: 'STOP! Cafe-Bar',
        words: [
          { text: 'STOP!', confidence: 0.9 },
          { text: 'Cafe-Bar', confidence: 0.8 },
        ],
      },
      {
        text: 'stop x 北京',
        words: [
          { text: 'stop', confidence: 0.95 },
          { text: 'x', confidence: 0.9 },
          { text: '北京', confidence: 0.7 },
        ],
      },
    ]);
    expect(terms.words).toEqual([
      { text: 'stop', confidence: 0.95 },
      { text: 'cafe', confidence: 0.8 },
      { text: 'bar', confidence: 0.8 },
      { text: '北京', confidence: 0.7 },
    ]);
  });

  it('runs each line together without spaces or punctuation, lines kept apart', () => {
    const terms = indexTerms([
      { text: 'WELCOME TO', words: [] },
      { text: '...', words: [] },
      { text: "Joe's Diner", words: [] },
    ]);
    expect(terms.despaced).toBe('welcometo joesdiner');
  });
});
