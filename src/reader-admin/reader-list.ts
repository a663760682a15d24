/**
 * The reader list's words: which readers a filter shows, the search, the keyset cursor, and the
 * CSV cell. Pure: no database, no HTTP.
 */

/** What the list's "Show" filter offers; `plan:<id>` is "subscribers to this plan". */
export const READER_SHOWS = ['all', 'registered', 'subscriber', 'trial', 'lapsed', 'gift', 'group', 'comp', 'imported'] as const;
export type ReaderShowKind = (typeof READER_SHOWS)[number];

export type ReaderShow = { kind: ReaderShowKind } | { kind: 'plan'; planId: string };

export const SHOW_LABELS: Record<ReaderShowKind, string> = {
  all: 'All readers',
  registered: 'Registered, no subscription',
  subscriber: 'Subscribers (any plan)',
  trial: 'On a trial',
  lapsed: 'Lapsed subscribers',
  gift: 'Gift recipients',
  group: 'Group licence members',
  comp: 'Complimentary',
  imported: 'Imported',
};

/** The list's query: the search words, the filter, and where the page starts. */
export interface ReaderListQuery {
  /** Lower-cased, trimmed: the start of an address, or of a name. '' for none. */
  search: string;
  show: ReaderShow;
  /** The last reader of the previous page; absent: the newest first. */
  after?: ReaderCursor | undefined;
  limit: number;
}

export interface ReaderCursor {
  createdAt: Date;
  id: string;
}

/** The filter from the query string's `show` ('' or absent: all); undefined when it names nothing. */
export function parseShow(raw: string | undefined): ReaderShow | undefined {
  const v = (raw ?? '').trim();
  if (v === '') return { kind: 'all' };
  if (v.startsWith('plan:')) {
    const planId = v.slice(5);
    return /^[A-Za-z0-9_-]{1,64}$/.test(planId) ? { kind: 'plan', planId } : undefined;
  }
  return (READER_SHOWS as readonly string[]).includes(v) ? { kind: v as ReaderShowKind } : undefined;
}

export function showValue(show: ReaderShow): string {
  return show.kind === 'plan' ? `plan:${show.planId}` : show.kind === 'all' ? '' : show.kind;
}

/** The search as the repository takes it: trimmed, lower case, at most 200 characters. */
export function normaliseSearch(raw: string | undefined): string {
  return (raw ?? '').trim().toLowerCase().slice(0, 200);
}

/** Whether the search can only be an address (then the name is not searched). */
export function searchIsAddress(search: string): boolean {
  return search.includes('@');
}

/** The cursor as the page's address carries it: base64url of `<ISO time>|<id>`. */
export function encodeCursor(c: ReaderCursor): string {
  return Buffer.from(`${c.createdAt.toISOString()}|${c.id}`, 'utf8').toString('base64url');
}

/** The cursor from the address, or undefined when it is not one we made. */
export function decodeCursor(raw: string | undefined): ReaderCursor | undefined {
  if (!raw || raw.length > 200 || !/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  const [at, id, ...rest] = Buffer.from(raw, 'base64url').toString('utf8').split('|');
  if (!at || !id || rest.length > 0 || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return undefined;
  const createdAt = new Date(at);
  if (Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== at) return undefined;
  return { createdAt, id };
}

// One CSV cell and line: shared with the dashboard's downloads (src/http/csv.ts).
export { csvCell, csvLine } from '../http/csv.js';
