/*
 * Query and index text share this tokenizer so a word typed in a query meets the same word read by OCR or taken from
 * a folder name: Unicode-normalized, lower case, diacritics kept apart from letters and dropped, split on anything
 * that is not a letter or digit. Possessive "'s" is dropped ("dog's" → "dog").
 */
export function tokenize(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/['\u2019]s\b/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t.length > 0);
}

/** Letters and digits only, spaces removed: the form OCR's space-dropping output is matched in ("WELCOME TO" → "welcometo"). */
export function despace(text: string): string {
  return tokenize(text).join('');
}

/** English function words that carry no content in a photo query ("a dog on the couch" → dog, couch). */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'a an the and or but nor so yet of in on at to for from by with without within into onto upon over under ' +
    'above below near next beside besides between among around about against along across behind beyond through ' +
    'during before after up down out off away back there here where when while who whom whose which what that this ' +
    'these those is am are was were be been being has have had having do does did doing will would shall should can ' +
    'could may might must it its itself he him his she her hers they them their theirs we us our ours you your yours ' +
    'i me my mine some any each every all both few more most other such no not only own same than too very just ' +
    'also as if then once again further how why one two three several many much lot lots kind sort type ' +
    'photo photos picture pictures image images showing shows shown show looking look like appears seen'
  ).split(' '),
);
