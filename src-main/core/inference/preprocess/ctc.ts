/**
 * Greedy CTC decoding of a text recognizer's per-time-step class probabilities, with PaddleOCR's class layout:
 * class 0 is the CTC blank, class k (1 ≤ k ≤ dictionary length) is the dictionary's line k, and the last class is a
 * space (PaddleOCR's use_space_char).
 */

/** The recognizer's classes in order: blank first (never emitted), then the dictionary, then a space. */
export type CtcAlphabet = Readonly<{ symbols: readonly string[] }>;

/** The blank's class index, by PaddleOCR's convention. */
export const CTC_BLANK = 0;

/**
 * Parses a PaddleOCR dictionary file (one character a line, `\n` or `\r\n`, a trailing newline or not) into the
 * recognizer's alphabet. Refuses an empty line inside (it would shift every class after it).
 */
export function parseDictionary(text: string): CtcAlphabet {
  const lines = text.replace(/\r\n/g, '\n').replace(/\n$/, '').split('\n');
  const blank = lines.findIndex((l) => l.length === 0);
  if (blank >= 0) throw new Error(`dictionary line ${blank + 1} is empty`);
  return { symbols: ['', ...lines, ' '] };
}

/**
 * PP-OCRv4's space probability at the gaps between rendered English words was 0.1–0.9 while the blank won; inside
 * words it stayed well under 0.02. From 0.02 to 0.1 word accuracy on the rendered test set was the same (27/28 words
 * vs 14/28 with plain greedy decoding): 0.1 sits at the cautious end.
 */
export const SPACE_FLOOR = 0.1;

export type DecodedChar = Readonly<{ char: string; confidence: number }>;

/**
 * One sequence decoded: per time step the most probable class; repeats merged, blanks dropped. Each emitted
 * character keeps the probability of its first step. `probabilities` holds `steps` rows of `classes` values.
 *
 * `spaceFloor`: a blank step whose space probability reaches this decodes as a space. PP-OCRv4's recognizer, trained
 * mostly on Chinese, lets the blank win the gaps between English words ("WELCOMETO") while the space still stands out
 * there (see SPACE_FLOOR). 1 (the default) is plain greedy decoding.
 */
export function ctcGreedyDecode(
  probabilities: Float32Array,
  steps: number,
  classes: number,
  alphabet: CtcAlphabet,
  spaceFloor = 1,
): DecodedChar[] {
  if (classes !== alphabet.symbols.length) {
    throw new Error(`the recognizer has ${classes} classes, its dictionary gives ${alphabet.symbols.length}`);
  }
  if (probabilities.length < steps * classes) throw new RangeError('probabilities shorter than steps × classes');
  const out: DecodedChar[] = [];
  const space = classes - 1;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    const row = t * classes;
    let best = 0;
    let bestP = probabilities[row]!;
    for (let k = 1; k < classes; k++) {
      const p = probabilities[row + k]!;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best === CTC_BLANK && probabilities[row + space]! >= spaceFloor) {
      best = space;
      bestP = probabilities[row + space]!;
    }
    if (best !== CTC_BLANK && best !== previous) out.push({ char: alphabet.symbols[best]!, confidence: bestP });
    previous = best;
  }
  return out;
}

export type RecognizedWord = Readonly<{ text: string; confidence: number }>;

export type RecognizedLine = Readonly<{ text: string; confidence: number; words: readonly RecognizedWord[] }>;

const mean = (values: readonly number[]) => values.reduce((s, v) => s + v, 0) / values.length;

/**
 * A decoded sequence as a line: its words (split at spaces) each with the mean confidence of its own characters,
 * the text as those words joined by single spaces, and the mean confidence of all non-space characters (PaddleOCR
 * counts spaces too, but a space that SPACE_FLOOR let through has a low probability by design).
 */
export function toRecognizedLine(chars: readonly DecodedChar[]): RecognizedLine {
  const words: RecognizedWord[] = [];
  let current: DecodedChar[] = [];
  const flush = () => {
    if (current.length > 0) {
      words.push({ text: current.map((c) => c.char).join(''), confidence: mean(current.map((c) => c.confidence)) });
    }
    current = [];
  };
  for (const c of chars) {
    if (c.char.trim() === '') flush();
    else current.push(c);
  }
  flush();
  const letters = chars.filter((c) => c.char.trim() !== '');
  return {
    text: words.map((w) => w.text).join(' '),
    confidence: letters.length > 0 ? mean(letters.map((c) => c.confidence)) : 0,
    words,
  };
}
