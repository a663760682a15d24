/**
 * The weekly magazine, the pure part: an edition's shape, the week it covers (Monday to Sunday
 * in the paper's time zone), its printed numbering (Vol./No.), the proposal of its stories from
 * the week's reads and front page, and the content it prints (a story as the printer gets it).
 * No database, no clock of its own.
 */

export const MAGAZINE_STATUSES = ['draft', 'frozen'] as const;
export type MagazineStatus = (typeof MAGAZINE_STATUSES)[number];

export function isMagazineStatus(v: string): v is MagazineStatus {
  return (MAGAZINE_STATUSES as readonly string[]).includes(v);
}

export interface MagazineEdition {
  id: string;
  /** The running number: `masthead magazine pdf --edition N`. */
  number: number;
  /** Printed as "Vol. {volume}, No. {issue}". */
  volume: number;
  issue: number;
  /** The Monday starting the week it covers (YYYY-MM-DD, the paper's time zone). */
  weekOf: string;
  coverDate: string;
  coverArticleId: string | null;
  coverImageId: string | null;
  editorNote: string;
  status: MagazineStatus;
  frozenAt: Date | null;
  storyIds: string[];
  version: number;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

/** A picture as the printer gets it: the original file (never a web variant) and its words. */
export interface PrintImage {
  imageId: string;
  originalKey: string;
  contentType: string;
  width: number;
  height: number;
  alt: string;
  caption: string;
  credit: string;
}

/** A story as an edition prints it, frozen with the edition (update notes included). */
export interface PrintStory {
  articleId: string;
  headline: string;
  dek: string;
  section: string;
  byline: string[];
  dateline: string;
  /** ISO 8601. */
  publishedAt: string;
  /** The story's path on the website, when frozen. */
  path: string;
  hero: PrintImage | null;
  blocks: { type: string; html: string; text: string }[];
  updates: { notedAt: string; note: string; correction: boolean }[];
}

/** What an edition prints: stored whole when it is frozen. */
export interface EditionContent {
  stories: PrintStory[];
  /** The cover's picture: the edition's own, else the cover story's. */
  cover: PrintImage | null;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Days since 1970-01-01 of a real calendar date written YYYY-MM-DD; null for anything else. */
export function parseDay(s: string): number | null {
  const m = DATE_RE.exec(s);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = Math.floor(t / DAY_MS);
  return formatDay(day) === s ? day : null;
}

export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of the week holding `day` (ISO weeks: Monday first). */
export function mondayOf(day: number): number {
  // 1970-01-01 was a Thursday: day 0 is weekday 3 counting Monday as 0.
  return day - ((day + 3) % 7);
}

/**
 * The week an edition of `weekOf` covers, [Monday, next Monday) as day numbers, and its cover
 * date: the Monday after the week, when the edition goes to the mail.
 */
export function editionWeek(anyDayOfWeek: number): { start: number; end: number; coverDay: number } {
  const start = mondayOf(anyDayOfWeek);
  return { start, end: start + 7, coverDay: start + 7 };
}

/**
 * The printed numbering of the next edition: the volume counts years of the cover date from the
 * first edition's (Vol. 1 the first year), the number within the volume counts editions in it.
 */
export function nextNumbering(
  existing: readonly { number: number; volume: number; coverDate: string }[],
  coverDate: string,
): { number: number; volume: number; issue: number } {
  const number = existing.reduce((max, e) => Math.max(max, e.number), 0) + 1;
  const year = Number(coverDate.slice(0, 4));
  const first = existing.find((e) => e.number === 1);
  const volume = first ? Math.max(1, year - Number(first.coverDate.slice(0, 4)) + 1) : 1;
  const issue = existing.filter((e) => e.volume === volume).length + 1;
  return { number, volume, issue };
}

/** A story the proposal may pick. */
export interface Candidate {
  id: string;
  publishedAt: Date;
  hasPicture: boolean;
}

export interface Proposal {
  storyIds: string[];
  /** Stories of the week left out for want of a picture (the magazine prints none without one). */
  withoutPicture: string[];
}

export const DEFAULT_EDITION_STORIES = 12;

/**
 * The stories an edition proposes: the week's stories with a picture, the most-read first (reads
 * recorded by the funnel), then by their place on the home front, then the newest. Front-page
 * stories of the week are always among them (up to `max`), however few reads they had.
 */
export function proposeStories(p: {
  candidates: readonly Candidate[];
  reads: ReadonlyMap<string, number>;
  front: readonly string[];
  max: number;
}): Proposal {
  const frontRank = new Map(p.front.map((id, i) => [id, i]));
  const printable = p.candidates.filter((c) => c.hasPicture);
  const rank = (a: Candidate, b: Candidate) =>
    (p.reads.get(b.id) ?? 0) - (p.reads.get(a.id) ?? 0) ||
    (frontRank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (frontRank.get(b.id) ?? Number.MAX_SAFE_INTEGER) ||
    b.publishedAt.getTime() - a.publishedAt.getTime() ||
    (a.id < b.id ? -1 : 1);
  const onFront = printable.filter((c) => frontRank.has(c.id)).sort(rank);
  const mostRead = printable.filter((c) => (p.reads.get(c.id) ?? 0) > 0).sort(rank);
  const rest = printable.sort(rank);
  const picked = new Set<string>();
  // The front's stories first (those it has room for), then the most-read, then the rest.
  for (const c of [...onFront.slice(0, Math.ceil(p.max / 2)), ...mostRead, ...rest]) {
    if (picked.size >= p.max) break;
    picked.add(c.id);
  }
  const byRank = printable.filter((c) => picked.has(c.id)).sort(rank);
  return { storyIds: byRank.map((c) => c.id), withoutPicture: p.candidates.filter((c) => !c.hasPicture).map((c) => c.id) };
}

/** "Vol. 1, No. 3" */
export function editionLabel(e: Pick<MagazineEdition, 'volume' | 'issue'>): string {
  return `Vol. ${e.volume}, No. ${e.issue}`;
}

/** The magazine's printed name: the paper's name and "Weekly" (its cover, its page on the website). */
export function magazineName(siteName: string): string {
  return `${siteName} Weekly`;
}
