/**
 * What text search indexes of a photo's OCR: its words, and its lines run together. The recognizer often drops the
 * spaces between words ("WELCOMETO"), so a query word must also be findable inside the de-spaced text (e.g. by a
 * trigram or substring index), not only as a token.
 */

export type IndexTerms = Readonly<{
  /** Distinct lowercased tokens (runs of letters and digits), each with the best confidence of the words it came from. */
  words: readonly { text: string; confidence: number }[];
  /** Each line lowercased with everything but letters and digits removed; lines joined by single spaces. */
  despaced: string;
}>;

const NOT_WORD = /[^\p{L}\p{N}]+/u;
const NOT_WORD_GLOBAL = /[^\p{L}\p{N}]+/gu;
/** A lone Latin letter or digit is mostly a misread stroke; a lone CJK character is a word. */
const TOO_SHORT = /^[\p{Script=Latin}\p{N}]$/u;

export function indexTerms(
  lines: readonly { text: string; words: readonly { text: string; confidence: number }[] }[],
): IndexTerms {
  const best = new Map<string, number>();
  for (const line of lines) {
    for (const word of line.words) {
      for (const token of word.text.toLowerCase().split(NOT_WORD)) {
        if (token.length === 0 || TOO_SHORT.test(token)) continue;
        best.set(token, Math.max(best.get(token) ?? 0, word.confidence));
      }
    }
  }
  return {
    words: [...best].map(([text, confidence]) => ({ text, confidence })),
    despaced: lines
      .map((l) => l.text.toLowerCase().replace(NOT_WORD_GLOBAL, ''))
      .filter((l) => l.length > 0)
      .join(' '),
  };
}
