import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../cluster/random.js';
import { datasetsDir } from '../../evals/datasets.js';
import { CLIP_CONTEXT_LENGTH, ClipTokenizer, loadClipTokenizer, vocabularyFromTokenizerJson } from './tokenizer.js';

/*
 * The reference is Hugging Face's own JS tokenizer loading the real CLIP ViT-B/32 tokenizer.json, read by path from
 * ../shared/models (research data, never copied into the repository).
 */
const REFERENCE_DIR = join(datasetsDir(), '..', 'models', 'clip-vit-base-patch32-tokenizer');
const readJson = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(REFERENCE_DIR, name), 'utf8')) as Record<string, unknown>;
const reference = new Tokenizer(readJson('tokenizer.json'), readJson('tokenizer_config.json'));
const referenceIds = (text: string): number[] => reference.encode(text).ids;

function cocoCaptions(): string[] {
  const lines = readFileSync(join(datasetsDir(), 'text', 'coco', 'queries.csv'), 'utf8')
    .split('\n')
    .slice(1);
  // query,relevant_file: the file never contains a comma, so the caption is everything before the last one.
  return lines.filter((l) => l.includes(',')).map((l) => l.slice(0, l.lastIndexOf(',')).replace(/^"|"$/g, ''));
}

const FRAGMENTS = [
  "it's",
  "don't",
  "we're",
  "they've",
  "I'm",
  "you'll",
  "she'd",
  "O'Neil's",
  "rock'n'roll",
  "'quoted'",
  "ISN'T",
  '3.14159',
  '1,000,000',
  '2024-11-22',
  '10:45pm',
  '#42',
  '$19.99',
  '50%',
  'x²',
  '½',
  '٣',
  '৪',
  '...',
  '!!!',
  '?!',
  '—',
  '–',
  '«»',
  '“smart quotes”',
  '(parens)',
  '[brackets]',
  '{braces}',
  '@user',
  'a/b\\c',
  '&amp;',
  'café',
  'naïve',
  'Ångström',
  'São Paulo',
  'Zürich',
  'Ελληνικά',
  'ΣΊΣΥΦΟΣ',
  'Москва',
  'İstanbul',
  'ǅemal',
  'e\u0301te\u0301',
  'A\u030A',
  'ﬁsh',
  'Ｆｕｌｌｗｉｄｔｈ',
  'नमस्ते',
  'مرحبا',
  'שלום',
  'ไทย',
  '東京タワー',
  '北京烤鸭',
  '한국어 텍스트',
  'カタカナ',
  '🐶',
  '👍🏽',
  '👨‍👩‍👧',
  '🇫🇷',
  '❤️',
  '🎉🎉',
  '☕',
  '<|startoftext|>',
  '<|endoftext|>',
  '<|ENDOFTEXT|>',
  'x<|startoftext|>y',
  '!<|endoftext|>!',
  '<|notatoken|>',
];
const SPACES = [' ', '  ', '\t', '\n', ' \n\t ', '\u00a0', '\u3000', '\u2003', '\r\n', '\u200b', '\u0085'];

function variedStrings(): string[] {
  const random = seededRandom(20261122);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const captions = cocoCaptions();
  const out: string[] = ['', ' ', '\n\t', 'a', 'A', "'", "'s", '0', ...FRAGMENTS, ...captions];
  for (const caption of captions) {
    const words = caption.split(' ');
    const mixed = words.map((w) => {
      const r = random();
      if (r < 0.1) return pick(FRAGMENTS);
      if (r < 0.15) return w.toUpperCase();
      if (r < 0.2) return `${w}${pick(['.', ',', '!', '?', ';', ':', "'s", "'t", "'re", "'ve", "'m", "'ll", "'d"])}`;
      if (r < 0.25) return `${w}${Math.floor(random() * 100_000)}`;
      return w;
    });
    out.push(mixed.map((w, i) => (i === 0 ? w : pick(SPACES) + w)).join(''));
  }
  // Long texts: several captions in a row, well beyond the 77-token window.
  for (let i = 0; i < 120; i++) {
    const parts = Array.from({ length: 10 + Math.floor(random() * 10) }, () => pick(captions));
    out.push(parts.join(pick([' ', '. ', '\n\n', ' — '])));
  }
  // Random mixtures of every fragment kind, including leading and trailing whitespace.
  for (let i = 0; i < 150; i++) {
    const parts = Array.from({ length: 1 + Math.floor(random() * 12) }, () =>
      pick([...FRAGMENTS, ...SPACES, pick(captions)]),
    );
    out.push(pick(SPACES) + parts.join(random() < 0.5 ? '' : ' ') + pick(SPACES));
  }
  return out;
}

describe('ClipTokenizer against the reference tokenizer.json', () => {
  const fromJson = loadClipTokenizer(REFERENCE_DIR, { tokenizerJson: 'tokenizer.json' });
  const fromVocabMerges = loadClipTokenizer(REFERENCE_DIR, { vocabJson: 'vocab.json', mergesTxt: 'merges.txt' });
  const strings = variedStrings();

  it('generates more than 1,000 varied strings, many beyond the window', () => {
    expect(strings.length).toBeGreaterThanOrEqual(1000);
    const long = strings.filter((s) => referenceIds(s).length > CLIP_CONTEXT_LENGTH);
    expect(long.length).toBeGreaterThanOrEqual(100);
    console.log(JSON.stringify({ strings: strings.length, beyondWindow: long.length }));
  });

  it.each([
    ['tokenizer.json', fromJson],
    ['vocab.json + merges.txt', fromVocabMerges],
  ] as const)('matches every id of every string (%s)', (_name, tokenizer: ClipTokenizer) => {
    const mismatches = strings.filter((s) => JSON.stringify(tokenizer.encode(s)) !== JSON.stringify(referenceIds(s)));
    expect(mismatches.map((s) => ({ s, ours: tokenizer.encode(s), ref: referenceIds(s) })).slice(0, 3)).toEqual([]);
  });

  it('truncates to 77 keeping the end token and pads with the end token (the reference pads with its pad token)', () => {
    for (const s of strings) {
      const ref = referenceIds(s);
      const { ids, attentionMask, truncated } = fromJson.encodeForModel(s);
      expect(ids).toHaveLength(CLIP_CONTEXT_LENGTH);
      const kept = Math.min(ref.length, CLIP_CONTEXT_LENGTH);
      const expected = ref.length > kept ? [...ref.slice(0, kept - 1), 49407] : ref;
      expect(ids.slice(0, kept)).toEqual(expected);
      expect(ids.slice(kept).every((id) => id === 49407)).toBe(true);
      expect(attentionMask).toEqual(ids.map((_, i) => (i < kept ? 1 : 0)));
      expect(truncated).toBe(ref.length > CLIP_CONTEXT_LENGTH);
    }
  });

  it('knows the CLIP landmarks', () => {
    expect(fromJson.encode('a photo of a dog')).toEqual([49406, 320, 1125, 539, 320, 1929, 49407]);
    expect(fromJson.startId).toBe(49406);
    expect(fromJson.endId).toBe(49407);
    expect(
      loadClipTokenizer(REFERENCE_DIR, { tokenizerJson: 'tokenizer.json' }, 0).encodeForModel('dog').ids.at(-1),
    ).toBe(0);
  });

  it('reads the newer tokenizer.json form with merges as pairs', () => {
    const json = readJson('tokenizer.json') as { model: { merges: string[] } };
    const pairs = { ...json, model: { ...json.model, merges: json.model.merges.map((m) => m.split(' ')) } };
    const tokenizer = new ClipTokenizer(vocabularyFromTokenizerJson(pairs));
    for (const s of strings.slice(0, 200)) expect(tokenizer.encode(s)).toEqual(referenceIds(s));
  });

  it('treats U+FEFF as a symbol, not whitespace, as Oniguruma and OpenAI do (tokenizers.js splits at it)', () => {
    // One run of non-space symbols: "!", the BOM's three bytes, "!" with the end-of-word suffix.
    expect(fromJson.encode('!\ufeff!')).toEqual([49406, 0, 171, 119, 123, 256, 49407]);
    expect(referenceIds('!\ufeff!')).not.toEqual(fromJson.encode('!\ufeff!'));
  });

  it('refuses a context that cannot hold the start and end tokens', () => {
    expect(() => fromJson.encodeForModel('dog', 1)).toThrow(/context length/);
  });
});
