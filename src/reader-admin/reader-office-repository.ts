/**
 * The reader office's SQL: the reader list (search, filters, keyset pages) and what the reader
 * page shows of the emails the paper sent. Read-only. It reads other features' tables
 * (`readers`, `subscriptions`, `gifts`, `organisation_members`, the email ledgers) because the
 * list filters on all of them in one statement: a filter applied after a page was read would
 * make pages of any length. Every change to a reader goes through its feature's service.
 *
 * A page is the newest readers first, keyset on (created_at, id): the index
 * `readers_created_idx` serves any page in the same time at a million readers. The search is a
 * prefix, on the address or on the lower-cased name, through an index on both databases (see
 * migration 2026_12_08_0300 for why the operators differ).
 */
import { type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database, Db, Dialect } from '../db/database.js';
import { COMPLIMENTARY, RENEWAL_LEEWAY_MS } from '../subscriptions/index.js';
import { type ReaderListQuery, type ReaderShow, searchIsAddress } from './reader-list.js';

export interface ReaderListRow {
  id: string;
  email: string;
  name: string;
  company: string | null;
  emailVerifiedAt: Date | null;
  createdAt: Date;
  importedAt: Date | null;
  importSource: string | null;
  closedAt: Date | null;
}

type Eb = ExpressionBuilder<Database, 'readers'>;
type SubEb = ExpressionBuilder<Database, 'subscriptions'>;

/** The highest code point: `p` ≤ every string starting with `p` < `p` + this, in byte order. */
const LAST_CHAR = '\u{10FFFF}';

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * A subscription that gives access at `now`: the same dates as the entitlement rules
 * (src/subscriptions/entitlements.ts `subscriptionGrant`), as SQL.
 */
function live(eb: SubEb, now: Date) {
  const leeway = new Date(now.getTime() - RENEWAL_LEEWAY_MS);
  const end = eb.ref('subscriptions.current_period_end_at');
  return eb.or([
    eb.and([
      eb('subscriptions.status', '=', 'active'),
      eb('subscriptions.cancel_at_period_end', '=', false),
      eb.or([eb(end, 'is', null), eb(end, '>', leeway)]),
    ]),
    eb.and([
      eb('subscriptions.status', '=', 'active'),
      eb('subscriptions.cancel_at_period_end', '=', true),
      eb.or([eb(end, 'is', null), eb(end, '>', now)]),
    ]),
    eb.and([
      eb('subscriptions.status', '=', 'trialing'),
      eb.or([
        eb.and([eb('subscriptions.trial_end_at', 'is', null), eb(end, 'is', null)]),
        eb(eb.fn.coalesce('subscriptions.trial_end_at', 'subscriptions.current_period_end_at'), '>', now),
      ]),
    ]),
    eb.and([eb('subscriptions.status', '=', 'past_due'), eb('subscriptions.grace_until_at', '>', now)]),
    eb.and([eb('subscriptions.status', '=', 'canceled'), eb('subscriptions.grace_until_at', 'is', null), eb(end, '>', now)]),
  ]);
}

/**
 * Readers holding a subscription that matches `where`. A correlated EXISTS, not `id IN (…)`:
 * the list is read newest first through `readers_created_idx`, each reader probed through
 * `subscriptions_reader_idx`, and the scan stops at a page, where IN would first gather every
 * matching subscription of the paper (measured at 1M readers, 100k subscriptions on SQLite:
 * ~900 ms a page with IN; see bench/reader-office-1m.ts).
 */
function readersWith(eb: Eb, where: (s: SubEb) => ReturnType<SubEb['and']> | ReturnType<SubEb['or']>) {
  return eb.exists(
    eb.selectFrom('subscriptions').select(sql.lit(1).as('one')).whereRef('subscriptions.reader_id', '=', 'readers.id').where(where),
  );
}

function showFilter(eb: Eb, show: ReaderShow, now: Date) {
  switch (show.kind) {
    case 'all':
      return eb.val(true) as unknown as ReturnType<Eb['and']>;
    case 'registered':
      return eb.and([eb('readers.closed_at', 'is', null), eb.not(readersWith(eb, (s) => s.and([live(s, now)])))]);
    case 'subscriber':
    case 'plan':
      return readersWith(eb, (s) =>
        s.and([
          live(s, now),
          s('subscriptions.provider', '<>', COMPLIMENTARY),
          s('subscriptions.status', '<>', 'trialing'),
          ...(show.kind === 'plan' ? [s('subscriptions.plan_id', '=', show.planId)] : []),
        ]),
      );
    case 'trial':
      return readersWith(eb, (s) => s.and([live(s, now), s('subscriptions.status', '=', 'trialing')]));
    case 'comp':
      return readersWith(eb, (s) => s.and([live(s, now), s('subscriptions.provider', '=', COMPLIMENTARY)]));
    case 'lapsed':
      return eb.and([
        readersWith(eb, (s) => s.and([s('subscriptions.status', '<>', 'incomplete')])),
        eb.not(readersWith(eb, (s) => s.and([live(s, now)]))),
      ]);
    case 'gift':
      return eb.exists(eb.selectFrom('gifts').select(sql.lit(1).as('one')).whereRef('gifts.redeemed_by', '=', 'readers.id'));
    case 'group':
      return eb.exists(
        eb.selectFrom('organisation_members').select(sql.lit(1).as('one')).whereRef('organisation_members.reader_id', '=', 'readers.id'),
      );
    case 'imported':
      return eb('readers.imported_at', 'is not', null);
  }
}

function searchFilter(eb: Eb, search: string, dialect: Dialect) {
  const byEmail =
    dialect === 'postgres'
      ? sql<SqlBool>`readers.email like ${likePrefix(search)} escape ${sql.lit('\\')}`
      : eb.and([eb('readers.email', '>=', search), eb('readers.email', '<', `${search}${LAST_CHAR}`)]);
  if (searchIsAddress(search)) return byEmail;
  const byName =
    dialect === 'postgres'
      ? sql<SqlBool>`lower(readers.name) like ${likePrefix(search)} escape ${sql.lit('\\')}`
      : sql<SqlBool>`lower(readers.name) >= ${search} and lower(readers.name) < ${`${search}${LAST_CHAR}`}`;
  return eb.or([byEmail, byName]);
}

/** The list's statement (before its limit), shared by the page and by EXPLAIN in the tests. */
export function readerListStatement(db: Db, dialect: Dialect, q: ReaderListQuery, now: Date) {
  let query = db
    .selectFrom('readers')
    .select([
      'readers.id',
      'readers.email',
      'readers.name',
      'readers.company',
      'readers.email_verified_at',
      'readers.created_at',
      'readers.imported_at',
      'readers.import_source',
      'readers.closed_at',
    ])
    .where((eb) => showFilter(eb, q.show, now));
  if (q.search !== '') query = query.where((eb) => searchFilter(eb, q.search, dialect));
  const after = q.after;
  // A row-value comparison: both databases seek `readers_created_idx` to the cursor with it, where
  // the equivalent OR of two comparisons made SQLite scan from the newest (748 ms at 90 % of 1M).
  if (after) query = query.where((eb) => eb(eb.refTuple('readers.created_at', 'readers.id'), '<', eb.tuple(after.createdAt, after.id)));
  return query.orderBy('readers.created_at', 'desc').orderBy('readers.id', 'desc').limit(q.limit);
}

/** One page of the list: at most `q.limit` readers after the cursor, newest first. */
export async function listReaders(db: Db, dialect: Dialect, q: ReaderListQuery, now: Date): Promise<ReaderListRow[]> {
  const rows = await readerListStatement(db, dialect, q, now).execute();
  return rows.map((r) => ({
    id: r.id,
    email: r.email,
    name: r.name,
    company: r.company,
    emailVerifiedAt: r.email_verified_at,
    createdAt: r.created_at,
    importedAt: r.imported_at,
    importSource: r.import_source,
    closedAt: r.closed_at,
  }));
}

/** An email the paper sent a reader, from one of the ledgers. */
export interface SentEmail {
  at: Date;
  /** Where the row comes from: the subscriber emails, the daily email, or an emailed link. */
  ledger: 'subscriber' | 'daily' | 'link';
  /** What it was: `welcome`, `2026-12-07` (an edition's date), `signin`… */
  what: string;
  /** The daily email's delivery status, or a link's: `used`, `expired`, `waiting`. */
  status: string;
}

/**
 * What the ledgers hold of the emails sent to a reader, newest first: the subscriber emails
 * (`subscriber_emails`, by the reader's subscriptions and gifts), the daily email
 * (`newsletter_deliveries`), and the emailed links still kept (`email_tokens`: the hourly
 * clean-up deletes a link once it has expired, so older ones are not known).
 */
export async function listSentEmails(db: Db, readerId: string, now: Date, limit = 50): Promise<SentEmail[]> {
  const [subscriber, daily, links] = await Promise.all([
    db
      .selectFrom('subscriber_emails')
      .select(['kind', 'occasion', 'claimed_at'])
      .where((eb) =>
        eb.or([
          eb('subject_id', 'in', eb.selectFrom('subscriptions').select('id').where('reader_id', '=', readerId)),
          eb(
            'subject_id',
            'in',
            eb
              .selectFrom('gifts')
              .select('id')
              .where((g) => g.or([g('redeemed_by', '=', readerId), g('purchaser_reader_id', '=', readerId)])),
          ),
        ]),
      )
      .orderBy('claimed_at', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('newsletter_deliveries as d')
      .innerJoin('newsletter_editions as e', 'e.id', 'd.edition_id')
      .select(['e.edition_date', 'd.status', 'd.finished_at', 'd.first_tried_at', 'e.sent_at'])
      .where('d.reader_id', '=', readerId)
      .orderBy('e.edition_date', 'desc')
      .limit(limit)
      .execute(),
    db
      .selectFrom('email_tokens')
      .select(['purpose', 'created_at', 'used_at', 'expires_at'])
      .where('reader_id', '=', readerId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute(),
  ]);
  const all: SentEmail[] = [
    ...subscriber.map((r) => ({ at: r.claimed_at, ledger: 'subscriber' as const, what: r.kind, status: 'sent' })),
    ...daily.map((r) => ({
      at: r.finished_at ?? r.first_tried_at ?? r.sent_at ?? now,
      ledger: 'daily' as const,
      what: r.edition_date,
      status: r.status,
    })),
    ...links.map((r) => ({
      at: r.created_at,
      ledger: 'link' as const,
      what: r.purpose,
      status: r.used_at ? 'used' : r.expires_at <= now ? 'expired' : 'waiting',
    })),
  ];
  return all.sort((a, b) => b.at.getTime() - a.at.getTime()).slice(0, limit);
}

/** How many emails anyone may trigger went to this address in the window (src/accounts/email-send-limit.ts). */
export async function sendsInWindow(db: Db, recipientHash: string, windowKey: string): Promise<number> {
  const r = await db
    .selectFrom('email_sends')
    .select('sends')
    .where('recipient_hash', '=', recipientHash)
    .where('window_key', '=', windowKey)
    .executeTakeFirst();
  return r?.sends ?? 0;
}
