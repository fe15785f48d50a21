import { morphy } from './morphy.js';
import type { SynsetRef, WordNet } from './wordnet.js';

/*
 * The tagger's labels ("dog", "sports ball", "dining table", "skis") anchored in WordNet so query words can reach them.
 * A label is anchored at the noun synsets of its own lemma, else of its spaces-removed spelling ("wine glass" →
 * wineglass), else of its head word ("sports ball" → ball, "potted plant" → plant), since the tagger's names are not
 * always WordNet's. Each anchor's hypernym chain is kept up to GENERAL_DEPTH so a general query ("animal", "vehicle",
 * "furniture") reaches the labels below it.
 */
export const GENERAL_DEPTH = 9;

export type LabelAncestor = Readonly<{ label: string; depth: number }>;
/** A label anchored at a synset, with the weight of that sense among the label's senses. */
export type LabelAnchor = Readonly<{ label: string; senseWeight: number }>;

/*
 * Labels are polysemous in WordNet ("cat" is also a guy, "dog" also a frankfurter, "sheep" also a simpleton): later
 * senses count less, and only the first sense is walked up for general queries, or "man" would find cats.
 */
export const LABEL_SENSE_WEIGHTS = [1, 0.7, 0.5] as const;
const ANCESTOR_SENSES = 1;

export type TagVocabulary = Readonly<{
  labels: readonly string[];
  /** Lemma spellings ('_' between words) of each label, its plural-less forms included ("skis" → ski). */
  byName: ReadonlyMap<string, readonly string[]>;
  /** Head word (its lemma forms) of each multi-word label → labels: "bat" → baseball bat, "table" → dining table. */
  byHead: ReadonlyMap<string, readonly string[]>;
  /** Synset key → labels anchored there. */
  byAnchor: ReadonlyMap<string, readonly LabelAnchor[]>;
  /** Synset key → labels that have it as an ancestor, with the shortest depth. */
  byAncestor: ReadonlyMap<string, readonly LabelAncestor[]>;
}>;

export function synsetKey(ref: SynsetRef): string {
  return `${ref.pos}${ref.offset}`;
}

/**
 * Visits the hypernyms of `start` breadth-first up to `maxDepth` steps, each synset once at its shortest depth
 * (WordNet's hypernym graph has multiple inheritance: "dog" is a canine and a domestic animal).
 */
export function walkHypernyms(
  wordnet: WordNet,
  start: readonly SynsetRef[],
  maxDepth: number,
  visit: (ancestor: SynsetRef, depth: number) => void,
): void {
  let frontier = start;
  const seen = new Set(start.map(synsetKey));
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: SynsetRef[] = [];
    for (const ref of frontier) {
      for (const parent of wordnet.synset(ref).hypernyms) {
        const key = synsetKey(parent);
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(parent);
        visit(parent, depth);
      }
    }
    frontier = next;
  }
}

export function lemmaOf(text: string): string {
  return text.trim().toLowerCase().split(/\s+/).join('_');
}

function anchorsOf(label: string, wordnet: WordNet): SynsetRef[] {
  const known = (lemma: string): boolean => wordnet.has(lemma, 'n');
  const lemma = lemmaOf(label);
  const words = lemma.split('_');
  const candidates = [lemma, words.join(''), words[words.length - 1]!];
  for (const candidate of candidates) {
    const bases = morphy(candidate, 'n', known);
    if (bases.length > 0) return bases.flatMap((base) => wordnet.lookup(base, 'n'));
  }
  return [];
}

function pushUnique<T>(map: Map<string, T[]>, key: string, value: T, same: (a: T) => boolean): void {
  const list = map.get(key);
  if (!list) map.set(key, [value]);
  else if (!list.some(same)) list.push(value);
}

export function buildTagVocabulary(labels: readonly string[], wordnet: WordNet): TagVocabulary {
  const byName = new Map<string, string[]>();
  const byHead = new Map<string, string[]>();
  const byAnchor = new Map<string, LabelAnchor[]>();
  const byAncestor = new Map<string, LabelAncestor[]>();
  const known = (lemma: string): boolean => wordnet.has(lemma, 'n');
  const unique = [...new Set(labels.map((l) => l.trim().toLowerCase()).filter((l) => l.length > 0))];
  for (const label of unique) {
    const lemma = lemmaOf(label);
    for (const name of new Set([lemma, ...morphy(lemma, 'n', known)])) {
      pushUnique(byName, name, label, (l) => l === label);
    }
    const words = lemma.split('_');
    if (words.length > 1) {
      const head = words[words.length - 1]!;
      for (const name of new Set([head, ...morphy(head, 'n', known)])) {
        pushUnique(byHead, name, label, (l) => l === label);
      }
    }
    const anchors = anchorsOf(label, wordnet);
    anchors.forEach((anchor, i) => {
      const senseWeight = LABEL_SENSE_WEIGHTS[Math.min(i, LABEL_SENSE_WEIGHTS.length - 1)]!;
      pushUnique(byAnchor, synsetKey(anchor), { label, senseWeight }, (a) => a.label === label);
    });
    walkHypernyms(wordnet, anchors.slice(0, ANCESTOR_SENSES), GENERAL_DEPTH, (ancestor, depth) =>
      pushUnique(byAncestor, synsetKey(ancestor), { label, depth }, (a) => a.label === label),
    );
  }
  return { labels: unique, byName, byHead, byAnchor, byAncestor };
}
