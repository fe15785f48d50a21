import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, parseDictionary, toRecognizedLine } from './ctc.js';

/** One row per step: `winner` gets probability p, the rest share the remainder. */
function steps(classes: number, winners: readonly [number, number][]): Float32Array {
  const out = new Float32Array(winners.length * classes);
  winners.forEach(([k, p], t) => {
    out.fill((1 - p) / (classes - 1), t * classes, (t + 1) * classes);
    out[t * classes + k] = p;
  });
  return out;
}

describe('parseDictionary', () => {
  it('puts the blank first and a space last, with or without a trailing newline or CRLF', () => {
    expect(parseDictionary('a\nb\nc').symbols).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(parseDictionary('a\r\nb\r\nc\r\n').symbols).toEqual(['', 'a', 'b', 'c', ' ']);
  });

  it('refuses an empty line, which would shift every later class', () => {
    expect(() => parseDictionary('a\n\nb')).toThrow(/line 2 is empty/);
  });
});

describe('ctcGreedyDecode', () => {
  const alphabet = parseDictionary('h\ne\nl\no');
  const classes = alphabet.symbols.length; // blank, h, e, l, o, space

  it('merges repeats, keeps a doubled letter split by a blank, drops blanks, and decodes the last class as a space', () => {
    const probs = steps(classes, [
      [1, 0.9],
      [1, 0.8],
      [2, 0.7],
      [3, 0.95],
      [0, 0.9],
      [3, 0.6],
      [4, 0.85],
      [5, 0.5],
      [1, 0.75],
      [0, 0.99],
    ]);
    const chars = ctcGreedyDecode(probs, 10, classes, alphabet);
    expect(chars.map((c) => c.char).join('')).toBe('hello h');
    expect(chars[0]!.confidence).toBeCloseTo(0.9, 6);
    expect(chars[3]!.confidence).toBeCloseTo(0.6, 6);
  });

  it('reads a blank step as a space when the space probability reaches the floor', () => {
    // Steps: h, blank (space 0.3), o, blank (space 0.05), o.
    const probs = steps(classes, [
      [1, 0.9],
      [0, 0.6],
      [4, 0.9],
      [0, 0.9],
      [4, 0.9],
    ]);
    probs[1 * classes + 5] = 0.3;
    probs[3 * classes + 5] = 0.05;
    const text = (floor?: number) =>
      ctcGreedyDecode(probs, 5, classes, alphabet, floor)
        .map((c) => c.char)
        .join('');
    expect(text()).toBe('hoo');
    expect(text(0.1)).toBe('h oo');
    expect(text(0.04)).toBe('h o o');
  });

  it('refuses a recognizer whose class count does not match the dictionary', () => {
    expect(() => ctcGreedyDecode(new Float32Array(7), 1, 7, alphabet)).toThrow(/7 classes.*6/);
  });
});

describe('toRecognizedLine', () => {
  it('scores the line over its non-space characters and each word over its own', () => {
    const line = toRecognizedLine([
      { char: 'g', confidence: 0.8 },
      { char: 'o', confidence: 1 },
      { char: ' ', confidence: 0.5 },
      { char: 'n', confidence: 0.6 },
      { char: 'o', confidence: 0.7 },
      { char: 'w', confidence: 0.8 },
      { char: ' ', confidence: 0.4 },
    ]);
    expect(line.text).toBe('go now');
    expect(line.confidence).toBeCloseTo(3.9 / 5, 6);
    expect(line.words.map((w) => w.text)).toEqual(['go', 'now']);
    expect(line.words[0]!.confidence).toBeCloseTo(0.9, 6);
    expect(line.words[1]!.confidence).toBeCloseTo(0.7, 6);
  });

  it('gives an empty line no words and confidence 0', () => {
    expect(toRecognizedLine([])).toEqual({ text: '', confidence: 0, words: [] });
  });
});
