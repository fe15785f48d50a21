/*
 * CLIP's text tokenizer: byte-level BPE with an end-of-word suffix, as declared by a Hugging Face CLIP `tokenizer.json`
 * (NFC, whitespace runs → one space, lowercase; CLIP's split pattern; GPT-2's bytes→unicode map; merges whose last
 * symbol carries `</w>`; start and end tokens around every text). Plain Node, no model needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** CLIP's text encoders read a fixed window of 77 positions (start token, up to 75 tokens, end token). */
export const CLIP_CONTEXT_LENGTH = 77;

export type AddedToken = Readonly<{
  content: string;
  id: number;
  /** Matched in the normalized text (true) or in the raw text before normalization (false), as tokenizer.json says. */
  normalized: boolean;
}>;

export type ClipVocabulary = Readonly<{
  vocab: ReadonlyMap<string, number>;
  /** Merge pairs in priority order, each as its two symbols. */
  merges: readonly (readonly [string, string])[];
  addedTokens: readonly AddedToken[];
  startToken: string;
  endToken: string;
  /** The id padding fills with; Hugging Face CLIP pads with the end token, OpenAI's original code with 0. */
  padId?: number;
}>;

export type ModelInput = Readonly<{
  /** `contextLength` ids: start, tokens, end, then padding. */
  ids: readonly number[];
  /** 1 for the start token, the tokens and the end token; 0 for padding. */
  attentionMask: readonly number[];
  /** True when the text had more tokens than the window holds (the end token is kept, the tail is dropped). */
  truncated: boolean;
}>;

const END_OF_WORD = '</w>';

/** GPT-2's reversible map from bytes to printable characters, so every byte sequence is a string of vocab symbols. */
function bytesToUnicode(): readonly string[] {
  const printable: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
  for (let b = 0xae; b <= 0xff; b++) printable.push(b);
  const map = new Array<string>(256);
  for (const b of printable) map[b] = String.fromCharCode(b);
  let next = 0;
  for (let b = 0; b < 256; b++) if (map[b] === undefined) map[b] = String.fromCharCode(256 + next++);
  return map;
}
const BYTE_SYMBOL = bytesToUnicode();

/**
 * CLIP's pre-tokenization: the special tokens' text, contractions, letter runs, single digits, runs of anything else
 * that is not whitespace. Whitespace is Unicode White_Space, as in the Oniguruma `\s` tokenizer.json is written for.
 */
const CLIP_PIECES =
  /<\|startoftext\|>|<\|endoftext\|>|'s|'t|'re|'ve|'m|'ll|'d|\p{L}+|\p{N}|[^\p{White_Space}\p{L}\p{N}]+/gu;
/**
 * The byte-level step's own split (GPT-2's pattern), applied to each CLIP piece as tokenizer.json chains them. It
 * only changes anything for a special token's text that reached BPE as ordinary text (e.g. "<|ENDOFTEXT|>" inside a
 * sentence becomes "<|", "endoftext", "|>").
 */
const BYTE_LEVEL_PIECES =
  /'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\p{White_Space}\p{L}\p{N}]+|\p{White_Space}+/gu;
const WHITESPACE_RUN = /\p{White_Space}+/gu;

function normalize(text: string): string {
  return text.normalize('NFC').replace(WHITESPACE_RUN, ' ').toLowerCase();
}

/** Splits `text` around every occurrence of the given literal tokens, leftmost-longest, keeping the tokens. */
function splitOnTokens(text: string, tokens: ReadonlyMap<string, number>): (string | number)[] {
  if (tokens.size === 0 || text.length === 0) return text.length ? [text] : [];
  const sorted = [...tokens.keys()].sort((a, b) => b.length - a.length);
  const out: (string | number)[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const hit = sorted.find((t) => text.startsWith(t, i));
    if (hit === undefined) {
      i++;
      continue;
    }
    if (i > from) out.push(text.slice(from, i));
    out.push(tokens.get(hit)!);
    i += hit.length;
    from = i;
  }
  if (from < text.length) out.push(text.slice(from));
  return out;
}

export class ClipTokenizer {
  readonly startId: number;
  readonly endId: number;
  readonly padId: number;
  private readonly vocab: ReadonlyMap<string, number>;
  private readonly ranks = new Map<string, number>();
  private readonly rawSpecials = new Map<string, number>();
  private readonly normalizedSpecials = new Map<string, number>();
  private readonly anySpecial = new Map<string, number>();
  private readonly cache = new Map<string, readonly number[]>();
  private readonly encoder = new TextEncoder();

  constructor(vocabulary: ClipVocabulary) {
    this.vocab = vocabulary.vocab;
    const idOf = (token: string) => {
      const id = vocabulary.vocab.get(token) ?? vocabulary.addedTokens.find((t) => t.content === token)?.id;
      if (id === undefined) throw new Error(`CLIP tokenizer: the vocabulary has no ${token}`);
      return id;
    };
    this.startId = idOf(vocabulary.startToken);
    this.endId = idOf(vocabulary.endToken);
    this.padId = vocabulary.padId ?? this.endId;
    vocabulary.merges.forEach(([a, b], rank) => {
      const key = `${a} ${b}`;
      if (!this.ranks.has(key)) this.ranks.set(key, rank);
    });
    for (const t of vocabulary.addedTokens) {
      (t.normalized ? this.normalizedSpecials : this.rawSpecials).set(t.content, t.id);
      this.anySpecial.set(t.content, t.id);
    }
  }

  /** Every token id of `text`, between the start and end tokens, neither truncated nor padded. */
  encode(text: string): number[] {
    const ids = [this.startId];
    for (const raw of splitOnTokens(text, this.rawSpecials)) {
      if (typeof raw === 'number') {
        ids.push(raw);
        continue;
      }
      for (const part of splitOnTokens(normalize(raw), this.normalizedSpecials)) {
        if (typeof part === 'number') ids.push(part);
        // A whole section that normalizes to a special token is that token (so "<|ENDOFTEXT|>" alone is the end
        // token), as Hugging Face's tokenizers.js decides; inside a longer section it is ordinary text.
        else if (this.anySpecial.has(part)) ids.push(this.anySpecial.get(part)!);
        else {
          for (const piece of part.match(CLIP_PIECES) ?? []) {
            for (const word of piece.match(BYTE_LEVEL_PIECES) ?? []) ids.push(...this.bpe(word));
          }
        }
      }
    }
    ids.push(this.endId);
    return ids;
  }

  /** The text as a text encoder reads it: truncated to `contextLength` keeping the end token, then padded. */
  encodeForModel(text: string, contextLength = CLIP_CONTEXT_LENGTH): ModelInput {
    if (contextLength < 2) throw new RangeError(`context length ${contextLength} cannot hold start and end tokens`);
    let ids = this.encode(text);
    const truncated = ids.length > contextLength;
    if (truncated) ids = [...ids.slice(0, contextLength - 1), this.endId];
    const attentionMask = ids.map(() => 1);
    while (ids.length < contextLength) {
      ids.push(this.padId);
      attentionMask.push(0);
    }
    return { ids, attentionMask, truncated };
  }

  /** One pre-token through byte-level BPE; its last symbol carries the end-of-word suffix. */
  private bpe(piece: string): readonly number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const symbols = Array.from(this.encoder.encode(piece), (b) => BYTE_SYMBOL[b]!);
    symbols[symbols.length - 1] += END_OF_WORD;
    for (;;) {
      let best = -1;
      let bestRank = Infinity;
      for (let i = 0; i < symbols.length - 1; i++) {
        const rank = this.ranks.get(`${symbols[i]} ${symbols[i + 1]}`);
        if (rank !== undefined && rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      // Merge every occurrence of the best pair, left to right, as the reference BPE does.
      const [a, b] = [symbols[best]!, symbols[best + 1]!];
      const merged: string[] = [];
      for (let i = 0; i < symbols.length; i++) {
        if (i < symbols.length - 1 && symbols[i] === a && symbols[i + 1] === b) {
          merged.push(a + b);
          i++;
        } else merged.push(symbols[i]!);
      }
      symbols.splice(0, symbols.length, ...merged);
    }
    // Every byte symbol (with and without suffix) is in a CLIP vocabulary; a missing one means a broken pack.
    const ids = symbols.map((s) => {
      const id = this.vocab.get(s);
      if (id === undefined) throw new Error(`CLIP tokenizer: symbol ${JSON.stringify(s)} is not in the vocabulary`);
      return id;
    });
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }
}

const TokenizerJson = z.object({
  added_tokens: z
    .array(z.object({ id: z.number().int(), content: z.string(), normalized: z.boolean(), special: z.boolean() }))
    .default([]),
  model: z.object({
    type: z.literal('BPE'),
    vocab: z.record(z.string(), z.number().int()),
    merges: z.array(z.union([z.string(), z.tuple([z.string(), z.string()])])),
    end_of_word_suffix: z.literal(END_OF_WORD),
  }),
});

const VocabJson = z.record(z.string(), z.number().int());

function mergePair(line: string): [string, string] {
  const parts = line.split(' ');
  if (parts.length !== 2 || !parts[0] || !parts[1])
    throw new Error(`CLIP tokenizer: bad merge line ${JSON.stringify(line)}`);
  return [parts[0], parts[1]];
}

export const CLIP_START_TOKEN = '<|startoftext|>';
export const CLIP_END_TOKEN = '<|endoftext|>';

/** Vocabulary from a Hugging Face `tokenizer.json` (BPE model with `</w>` suffix). */
export function vocabularyFromTokenizerJson(json: unknown, padId?: number): ClipVocabulary {
  const parsed = TokenizerJson.parse(json);
  return {
    vocab: new Map(Object.entries(parsed.model.vocab)),
    merges: parsed.model.merges.map((m) => (typeof m === 'string' ? mergePair(m) : m)),
    addedTokens: parsed.added_tokens.map(({ id, content, normalized }) => ({ id, content, normalized })),
    startToken: CLIP_START_TOKEN,
    endToken: CLIP_END_TOKEN,
    ...(padId === undefined ? {} : { padId }),
  };
}

/**
 * Vocabulary from CLIP's `vocab.json` + `merges.txt`. The two special tokens are matched as Hugging Face's CLIP
 * tokenizer.json declares them: the start token in normalized text, the end token in the raw text.
 */
export function vocabularyFromFiles(vocabJson: unknown, mergesTxt: string, padId?: number): ClipVocabulary {
  const vocab = new Map(Object.entries(VocabJson.parse(vocabJson)));
  const merges = mergesTxt
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.length > 0 && !l.startsWith('#version'))
    .map(mergePair);
  const special = (content: string, normalized: boolean): AddedToken => {
    const id = vocab.get(content);
    if (id === undefined) throw new Error(`CLIP tokenizer: vocab.json has no ${content}`);
    return { content, id, normalized };
  };
  return {
    vocab,
    merges,
    addedTokens: [special(CLIP_START_TOKEN, true), special(CLIP_END_TOKEN, false)],
    startToken: CLIP_START_TOKEN,
    endToken: CLIP_END_TOKEN,
    ...(padId === undefined ? {} : { padId }),
  };
}

export type TokenizerFiles = Readonly<{ tokenizerJson: string }> | Readonly<{ vocabJson: string; mergesTxt: string }>;

/** A tokenizer from files in `dir`: `tokenizer.json`, or `vocab.json` + `merges.txt`. */
export function loadClipTokenizer(dir: string, files: TokenizerFiles, padId?: number): ClipTokenizer {
  const readJson = (name: string): unknown => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const vocabulary =
    'tokenizerJson' in files
      ? vocabularyFromTokenizerJson(readJson(files.tokenizerJson), padId)
      : vocabularyFromFiles(readJson(files.vocabJson), readFileSync(join(dir, files.mergesTxt), 'utf8'), padId);
  return new ClipTokenizer(vocabulary);
}
