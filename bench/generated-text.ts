/**
 * Generated newspaper-like text for the bench database: a seeded word generator, never the demo
 * paper's prose (the demo paper's articles are written, never generated). The same seed always gives the same paper.
 */

/** mulberry32: small, fast and good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rng = () => number;

export const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)] as T;
/** Skewed towards the start of the list, so a few words are common and most are rare (roughly Zipf). */
export const pickSkewed = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() ** 2.2 * list.length)] as T;
export const between = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));

const words = (s: string): readonly string[] => s.trim().split(/\s+/);

const NOUNS = words(`
  council plan budget report city school market court vote station road bridge hospital committee
  board union company project harbour river park library museum street police ministry agency
  tenant landlord contract tender inquiry review fund tax fee rent wage price policy programme
  scheme festival season league match club coach player team game crowd stadium election candidate
  ballot campaign party minister mayor official residents neighbours workers teachers nurses drivers
  farmers shoppers commuters audience gallery theatre orchestra exhibition archive survey study
  laboratory trial treatment clinic ward patient shortage surplus deficit forecast inflation loan
  mortgage pension subsidy grant levy bill law amendment motion hearing verdict appeal sentence
  ferry tram bus airport runway port depot warehouse factory mill quarry forest meadow coast
  shoreline dune reservoir canal flood storm drought heatwave frost harvest crop orchard vineyard
  bakery brewery restaurant cafe hotel market square terrace tower estate district ward village
`);

const ADJECTIVES = words(`
  new local public regional national final early late first second annual quarterly small large
  long short major minor sharp steady modest record narrow broad rising falling delayed revised
  independent private municipal rural urban coastal northern southern eastern western central
  temporary permanent emergency unexpected cautious ambitious controversial popular familiar
  crowded empty quiet busy costly cheaper fresh detailed formal informal joint separate
`);

const VERBS_PAST = words(`
  approved rejected delayed announced confirmed proposed published reviewed opened closed extended
  reduced raised cut doubled halved questioned defended criticised welcomed postponed cancelled
  signed agreed blocked backed funded launched completed started paused resumed expanded
  replaced repaired inspected measured counted recorded reported estimated warned promised
`);

const VERBS_PRESENT = words(`
  approves rejects delays announces confirms proposes reviews opens closes extends reduces raises
  cuts doubles questions defends welcomes postpones cancels signs backs funds launches expands
  replaces repairs warns promises weighs considers studies plans seeks faces
`);

const ADVERBS = words(`
  narrowly quietly formally finally again already largely partly briefly openly firmly jointly
`);

const TIMES = words(`
  Monday Tuesday Wednesday Thursday Friday Saturday Sunday yesterday today overnight
`);

const LINKS = ['after', 'before', 'while', 'because', 'although', 'since', 'as', 'even though', 'once', 'until'];

/** "on Tuesday", "yesterday". */
function when(rng: Rng): string {
  const t = pick(rng, TIMES);
  return /day$/.test(t) && t !== 'today' && t !== 'yesterday' ? `on ${t}` : t;
}

const SAYERS = [
  'officials said',
  'a spokesperson said',
  'the report found',
  'figures show',
  'according to the minutes',
  'residents said',
  'the committee heard',
  'people familiar with the matter said',
];

/**
 * Rare topical words: each article is about one, so a search for it finds a realistic handful of
 * stories rather than all of them. Made-up words, so they occur nowhere else in the text.
 */
export const TOPICS = words(`
  saltmarsh quaymaster tidewell larchmont brackenfield orrery kilnworks millrace cobblegate
  heronsgate wharfside gorsemoor fernhollow lanternway copperbeck rookhaven thistledown
  marramgrass weirmouth slatehouse ashbourne flintcombe pebblerow duckmarsh oakhythe
  brineworks sheepwash tollgate pinfold lockkeeper ropewalk chandlery boatyard limekiln
  clocktower bellfounder netloft fishmarket graindock woolhall
`);

/** The word the bench searches for: one of the topics. */
export const SEARCH_WORD = 'saltmarsh';

const SYLLABLES_A = words(`ash bram cal dun el fen gar hol kes lin mar nor ost pel quin ros sel tam ul ven wyn yar`);
const SYLLABLES_B = words(`by ford ham holt ley mere mouth ton wick well field stead dale burn croft`);

/** A made-up town: "Kesford", "Marholt". */
export function placeName(rng: Rng): string {
  const s = pick(rng, SYLLABLES_A) + pick(rng, SYLLABLES_B);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const FIRST_NAMES = words(`
  Ada Bram Cora Dev Elin Faris Greta Hugo Ines Jonah Kira Leon Maren Nico Oona Pavel Quinn Rhea
  Soren Tova Umar Vera Wren Xavi Yara Zeno Alba Bastian Clio Dara Emeric Fenna Gideon Halle Ivo
  Juno Kasimir Liesl Matteo Nell
`);
const LAST_NAMES = words(`
  Abernathy Bellweather Castellan Dunmore Eskdale Fairbairn Galloway Hartigan Iverson Jessop
  Kellaway Lindqvist Marchetti Northcott Okonjo Pemberton Quarrie Ravensworth Stanhope Thackeray
  Underhill Vasquez Whitlock Yardley Zabini Ashdown Brightwater Coldwell Dovecote Elsworth
`);

export function personName(rng: Rng): string {
  return `${pick(rng, FIRST_NAMES)} ${pick(rng, LAST_NAMES)}`;
}

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
/** "a" or "an", by the next word's first letter. */
const a = (word: string): string => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`);

/** One sentence of 9–24 words, in the shape of news copy. */
export function sentence(rng: Rng, topic?: string, place?: string): string {
  const parts: string[] = [];
  const subject = `the ${pickSkewed(rng, ADJECTIVES)} ${topic && rng() < 0.35 ? topic : pickSkewed(rng, NOUNS)}`;
  parts.push(subject, pick(rng, VERBS_PAST), `the ${pickSkewed(rng, NOUNS)}`);
  if (rng() < 0.5) parts.push(`of ${place && rng() < 0.5 ? place : `the ${pickSkewed(rng, NOUNS)}`}`);
  if (rng() < 0.45) parts.push(when(rng));
  if (rng() < 0.55) {
    parts.push(`${pick(rng, LINKS)} the ${pickSkewed(rng, NOUNS)} ${pick(rng, ADVERBS)} ${pick(rng, VERBS_PAST)}`);
    parts.push(a(`${pickSkewed(rng, ADJECTIVES)} ${pickSkewed(rng, NOUNS)}`));
  }
  let s = parts.join(' ');
  if (rng() < 0.35) s += `, ${pick(rng, SAYERS)}`;
  if (rng() < 0.15) s += `, with ${between(rng, 2, 98)} per cent in favour`;
  return `${cap(s)}.`;
}

/** A paragraph of about `targetWords` words. */
export function paragraph(rng: Rng, targetWords: number, topic?: string, place?: string): string {
  const out: string[] = [];
  let n = 0;
  while (n < targetWords) {
    const s = sentence(rng, topic, place);
    out.push(s);
    n += s.split(' ').length;
  }
  return out.join(' ');
}

export function headline(rng: Rng, topic: string, place: string): string {
  const forms = [
    () =>
      `${place} ${pickSkewed(rng, NOUNS)} ${pick(rng, VERBS_PRESENT)} ${pickSkewed(rng, ADJECTIVES)} ${topic} ${pickSkewed(rng, NOUNS)}`,
    () => `${cap(pickSkewed(rng, ADJECTIVES))} ${topic} ${pickSkewed(rng, NOUNS)} ${pick(rng, VERBS_PRESENT)} ${place}`,
    () => `Why the ${topic} ${pickSkewed(rng, NOUNS)} in ${place} was ${pick(rng, VERBS_PAST)}`,
    () =>
      `${cap(pickSkewed(rng, NOUNS))} ${pick(rng, VERBS_PRESENT)} ${topic} plan after ${pickSkewed(rng, ADJECTIVES)} ${pickSkewed(rng, NOUNS)}`,
  ];
  return pick(rng, forms)();
}

export function dek(rng: Rng, topic: string, place: string): string {
  return `${cap(`the ${pickSkewed(rng, ADJECTIVES)} ${topic} ${pickSkewed(rng, NOUNS)}`)} in ${place} ${pick(rng, VERBS_PAST)} the ${pickSkewed(rng, NOUNS)}, ${pick(rng, SAYERS)}, ${pick(rng, LINKS)} the ${pickSkewed(rng, NOUNS)} ${pick(rng, VERBS_PAST)} ${a(pickSkewed(rng, ADJECTIVES))} ${pickSkewed(rng, NOUNS)}.`;
}

/** A subheading of two to four words. */
export function subheading(rng: Rng): string {
  return cap(
    [pickSkewed(rng, ADJECTIVES), pickSkewed(rng, NOUNS), rng() < 0.5 ? pick(rng, ['ahead', 'next', 'so far', 'in numbers']) : '']
      .filter(Boolean)
      .join(' '),
  );
}

export function quote(rng: Rng): string {
  return `> "${cap(sentence(rng).slice(0, -1).toLowerCase())}," said ${personName(rng)}.`;
}

/**
 * The body after its lead paragraph (which each article writes itself), so that the whole is
 * about 800 words: `paragraphs - 1` paragraphs, a subheading or two, sometimes a quote.
 */
export function bodyTemplate(rng: Rng, paragraphs: number, words = 750): string {
  // A paragraph ends after the sentence that reaches its target: about 8 words over, on average.
  const perParagraph = Math.round(words / (paragraphs - 1)) - 8;
  const out: string[] = [];
  for (let i = 1; i < paragraphs; i++) {
    if (i === Math.floor(paragraphs / 2) || (i === paragraphs - 3 && rng() < 0.5)) out.push(`## ${subheading(rng)}`);
    if (i === 4 && rng() < 0.6) out.push(quote(rng));
    out.push(paragraph(rng, between(rng, perParagraph - 20, perParagraph + 20)));
  }
  return out.join('\n\n');
}

export function updateNote(rng: Rng): string {
  return pick(rng, [
    `This article was updated to correct the name of the ${pickSkewed(rng, NOUNS)}.`,
    `An earlier version of this article gave the wrong date for the ${pickSkewed(rng, NOUNS)} ${pickSkewed(rng, NOUNS)}.`,
    `Updated with a response from the ${pickSkewed(rng, NOUNS)}.`,
    `This article was updated after the ${pickSkewed(rng, NOUNS)} ${pick(rng, VERBS_PAST)} the ${pickSkewed(rng, NOUNS)}.`,
  ]);
}

/** Tag names: every topic, and the commoner nouns. */
export function tagNames(): string[] {
  return [...new Set([...TOPICS, ...NOUNS.slice(0, 80)])];
}

export const COMMON_TAGS: readonly string[] = [...new Set(NOUNS.slice(0, 80))];

/** An article's own first paragraph: names its place and topic, so search finds it by them. */
export function leadParagraph(rng: Rng, topic: string, place: string): string {
  const opening = `In ${place}, the ${topic} ${pickSkewed(rng, NOUNS)} was ${pick(rng, VERBS_PAST)} ${when(rng)}, ${pick(rng, SAYERS)}.`;
  return `${opening} ${paragraph(rng, between(rng, 25, 45), topic, place)}`;
}

export function heroCaption(rng: Rng, topic: string, place: string): { alt: string; caption: string; credit: string } {
  return {
    alt: `The ${pickSkewed(rng, NOUNS)} near the ${topic} ${pickSkewed(rng, NOUNS)} in ${place}`,
    caption: `The ${pickSkewed(rng, ADJECTIVES)} ${topic} ${pickSkewed(rng, NOUNS)} in ${place} ${when(rng)}.`,
    credit: `Photograph: ${personName(rng)}`,
  };
}
