import { morphy } from './morphy.js';
import { synsetKey, walkHypernyms, type TagVocabulary } from './tagVocabulary.js';
import { STOP_WORDS, tokenize } from './tokenize.js';
import type { SynsetRef, WordNet } from './wordnet.js';

/*
 * Query understanding: words → concepts → the index's vocabulary. A concept is a content word or a WordNet
 * collocation / tag label spanning several words ("soccer ball", "hot dog", "cell phone"). Each concept maps onto tag
 * labels through WordNet (same synset, a hypernym of the query's sense, a label below a general query word, else the
 * words of its gloss: "kitten" is "young domestic cat") and onto text terms (its own spelling, its lemma, its first
 * sense's synonyms) searched in OCR text, names, folders and dates. Expanded terms weigh less than exact ones; the
 * ranker multiplies in IDF.
 */

export type MatchVia = 'exact' | 'synonym' | 'hypernym' | 'hyponym' | 'gloss';
export type ExpandedTerm = Readonly<{ term: string; weight: number; via: MatchVia }>;
export type QueryConcept = Readonly<{
  /** The query words the concept stands for. */
  text: string;
  tags: readonly ExpandedTerm[];
  /** Space-separated token sequences for the word index (a multi-word term is matched as a phrase). */
  words: readonly ExpandedTerm[];
}>;
export type QueryPlan = Readonly<{ query: string; concepts: readonly QueryConcept[] }>;

export const EXPANSION_WEIGHTS = {
  exact: 1,
  synonym: 0.9,
  /** The query word is more specific than the label ("puppy" → dog), per hypernym step, first step at `hypernym`. */
  hypernym: 0.85,
  hypernymDecay: 0.85,
  /** The query word is more general than the label ("animal" → dog). */
  hyponym: 0.6,
  hyponymDecay: 0.9,
  /** A label named in the definition of the word's first sense ("kitten": young domestic cat). */
  gloss: 0.5,
  /** The gloss beside other relations ("skier": someone who skis → skis, beside person). */
  glossBeside: 0.35,
  /** A phrase that is no label also counts as its head word ("birthday cake" → cake). */
  phraseHead: 0.8,
  /** The head word of a multi-word label stands for it ("bat" → baseball bat, "table" → dining table). */
  labelHead: 0.75,
  /** Other labels of a word that names a label exactly. */
  besideExact: 0.4,
  /** Text terms from synonyms and lemmas, against the typed spelling. */
  textSynonym: 0.6,
  textLemma: 0.9,
} as const;

/** Weight of a query word's n-th noun sense; senses past the list count as its last entry. */
export const QUERY_SENSE_WEIGHTS = [1, 0.8, 0.6, 0.4] as const;
/** Only the most common senses climb hypernyms: "snow" is also C. P. Snow, a person. */
export const CLIMBING_SENSES = 3;
/** How far up WordNet's hypernyms a specific query word may climb to reach a label. */
export const SPECIFIC_DEPTH = 4;
/**
 * A word used far more often as an adjective or verb than as a noun (WordNet's sense-tagged counts) is not read as
 * a noun beyond an exact label name: "white" is not a white person, "stands" not a stand.
 */
export const NOUN_USE_RATIO = 2;
const MAX_PHRASE = 3;
const MAX_TEXT_SYNONYMS = 4;

type Builder = Map<string, ExpandedTerm>;

function offer(into: Builder, term: string, weight: number, via: MatchVia): void {
  const current = into.get(term);
  if (!current || current.weight < weight) into.set(term, { term, weight, via });
}

function senseWeight(index: number): number {
  return QUERY_SENSE_WEIGHTS[Math.min(index, QUERY_SENSE_WEIGHTS.length - 1)]!;
}

type Sense = { ref: SynsetRef; rank: number };

function nounSenses(lemmas: readonly string[], wordnet: WordNet): Sense[] {
  const out: Sense[] = [];
  const seen = new Set<string>();
  for (const lemma of lemmas) {
    wordnet.lookup(lemma, 'n').forEach((ref, rank) => {
      const key = synsetKey(ref);
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ ref, rank });
    });
  }
  return out;
}

function glossLabels(sense: Sense, vocabulary: TagVocabulary, wordnet: WordNet): string[] {
  const known = (lemma: string): boolean => wordnet.has(lemma, 'n');
  const definition = wordnet.synset(sense.ref).gloss.split(/[;"]/)[0] ?? '';
  const labels = new Set<string>();
  for (const token of tokenize(definition)) {
    if (STOP_WORDS.has(token)) continue;
    for (const base of [token, ...morphy(token, 'n', known)]) {
      for (const label of vocabulary.byName.get(base) ?? []) labels.add(label);
    }
  }
  return [...labels];
}

function semanticTags(senses: readonly Sense[], vocabulary: TagVocabulary, wordnet: WordNet, tags: Builder): void {
  const w = EXPANSION_WEIGHTS;
  for (const { ref, rank } of senses) {
    const sense = senseWeight(rank);
    for (const anchor of vocabulary.byAnchor.get(synsetKey(ref)) ?? []) {
      offer(tags, anchor.label, w.synonym * sense * anchor.senseWeight, 'synonym');
    }
    if (rank >= CLIMBING_SENSES) continue;
    walkHypernyms(wordnet, [ref], SPECIFIC_DEPTH, (ancestor, depth) => {
      for (const anchor of vocabulary.byAnchor.get(synsetKey(ancestor)) ?? []) {
        const weight = w.hypernym * w.hypernymDecay ** (depth - 1) * sense * anchor.senseWeight;
        offer(tags, anchor.label, weight, 'hypernym');
      }
    });
  }
  // A word that names a label is not also read as the category above others ("person" must not find toasters).
  if (![...tags.values()].some((t) => t.via === 'exact' || t.via === 'synonym')) {
    for (const { ref, rank } of senses) {
      if (rank >= CLIMBING_SENSES) continue;
      for (const { label, depth } of vocabulary.byAncestor.get(synsetKey(ref)) ?? []) {
        offer(tags, label, w.hyponym * w.hyponymDecay ** (depth - 1) * senseWeight(rank), 'hyponym');
      }
    }
  }
  // The gloss speaks for a word WordNet relates to no label, and adds a little beside the relations it has.
  const gloss = tags.size === 0 ? w.gloss : w.glossBeside;
  const first = senses.find((s) => s.rank === 0);
  if (first) for (const label of glossLabels(first, vocabulary, wordnet)) offer(tags, label, gloss, 'gloss');
}

function mostlyNotNoun(lemma: string, wordnet: WordNet): boolean {
  const asNoun = Math.max(0, ...morphy(lemma, 'n', (l) => wordnet.has(l, 'n')).map((l) => wordnet.usage(l).n));
  return (['v', 'a'] as const).some((pos) =>
    morphy(lemma, pos, (l) => wordnet.has(l, pos)).some((l) => wordnet.usage(l)[pos] > NOUN_USE_RATIO * asNoun),
  );
}

function tagTerms(
  surface: string,
  lemmas: readonly string[],
  vocabulary: TagVocabulary,
  wordnet: WordNet,
): ExpandedTerm[] {
  const w = EXPANSION_WEIGHTS;
  const tags: Builder = new Map();
  for (const lemma of lemmas) {
    for (const label of vocabulary.byName.get(lemma) ?? []) offer(tags, label, w.exact, 'exact');
    for (const label of vocabulary.byHead.get(lemma) ?? []) offer(tags, label, w.labelHead, 'hyponym');
  }
  const nounLemmas = lemmas.filter((l) => wordnet.has(l, 'n'));
  if (!mostlyNotNoun(surface, wordnet)) semanticTags(nounSenses(nounLemmas, wordnet), vocabulary, wordnet, tags);
  // A word that names a label mostly means that label: its other readings ("bowl" as a bowling ball) weigh less, or a
  // rarer label reached through them would outrank the label named.
  const named = [...tags.values()].some((t) => t.via === 'exact');
  return [...tags.values()]
    .map((t) => (named && t.via !== 'exact' ? { ...t, weight: t.weight * w.besideExact } : t))
    .sort((a, b) => b.weight - a.weight);
}

function textTerms(surface: string, lemmas: readonly string[], wordnet: WordNet): ExpandedTerm[] {
  const w = EXPANSION_WEIGHTS;
  const words: Builder = new Map();
  offer(words, surface, w.exact, 'exact');
  for (const lemma of lemmas) offer(words, lemma.replaceAll('_', ' '), w.textLemma, 'exact');
  const first = nounSenses(lemmas, wordnet)[0];
  if (first) {
    for (const synonym of wordnet.synset(first.ref).words.slice(0, MAX_TEXT_SYNONYMS)) {
      offer(words, synonym.replaceAll('_', ' '), w.textSynonym, 'synonym');
    }
  }
  return [...words.values()];
}

/** Noun base forms WordNet or the label vocabulary knows ("dogs" → dog, "cell phones" → cell phone). */
function nounLemmas(lemma: string, vocabulary: TagVocabulary, wordnet: WordNet): string[] {
  return morphy(lemma, 'n', (l) => wordnet.has(l, 'n') || vocabulary.byName.has(l));
}

function conceptOf(words: readonly string[], vocabulary: TagVocabulary, wordnet: WordNet): QueryConcept {
  const surface = words.join(' ');
  const lemma = words.join('_');
  const lemmas = nounLemmas(lemma, vocabulary, wordnet);
  let tags = tagTerms(lemma, lemmas, vocabulary, wordnet);
  if (words.length > 1 && !tags.some((t) => t.via === 'exact')) {
    const head: Builder = new Map(tags.map((t) => [t.term, t]));
    const last = words[words.length - 1]!;
    for (const t of tagTerms(last, nounLemmas(last, vocabulary, wordnet), vocabulary, wordnet)) {
      offer(head, t.term, t.weight * EXPANSION_WEIGHTS.phraseHead, t.via);
    }
    tags = [...head.values()].sort((a, b) => b.weight - a.weight);
  }
  return { text: surface, tags, words: textTerms(surface, lemmas, wordnet) };
}

/** Splits a query into concepts (longest WordNet or label collocation first) and expands each. */
export function planQuery(query: string, vocabulary: TagVocabulary, wordnet: WordNet): QueryPlan {
  const tokens = tokenize(query);
  const concepts: QueryConcept[] = [];
  for (let i = 0; i < tokens.length;) {
    if (STOP_WORDS.has(tokens[i]!)) {
      i++;
      continue;
    }
    let span = 1;
    for (let n = Math.min(MAX_PHRASE, tokens.length - i); n > 1; n--) {
      const words = tokens.slice(i, i + n);
      if (words.some((t) => STOP_WORDS.has(t))) continue;
      if (nounLemmas(words.join('_'), vocabulary, wordnet).length > 0) {
        span = n;
        break;
      }
    }
    concepts.push(conceptOf(tokens.slice(i, i + span), vocabulary, wordnet));
    i += span;
  }
  return { query, concepts };
}
