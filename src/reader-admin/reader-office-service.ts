/**
 * The business office's readers: the list (search, filters, keyset pages), one reader's page
 * (subscriptions and where each stands, what they may read now and why, the emails sent), the
 * actions on a reader (each through the feature that owns it), and the CSV exports, streamed a
 * page at a time.
 */
import { type AccountService, EMAIL_SEND_LIMIT, emailSendWindow, type MailOutcome, type Reader, recipientHash } from '../accounts/index.js';
import type { Db, Dialect } from '../db/database.js';
import { AppError, invalid, notFound } from '../http/app-error.js';
import type { Clock } from '../platform.js';
import type {
  EntitlementDecision,
  EntitlementService,
  Plan,
  PlanService,
  RefundRecord,
  StaffCancelWhen,
  StaffRefundInput,
  StaffRefundOutcome,
  SubscriptionPause,
  SubscriptionRecord,
  SubscriptionService,
  SubscriptionState,
} from '../subscriptions/index.js';
import { isCalendarDate, pauseInForce } from '../subscriptions/index.js';
import { localMidnight } from '../time/local-time.js';
import { csvLine, encodeCursor, type ReaderCursor, type ReaderListQuery } from './reader-list.js';
import { listReaders, listSentEmails, type ReaderListRow, type SentEmail, sendsInWindow } from './reader-office-repository.js';

export interface ReaderOfficeDeps {
  db: Db;
  dialect: Dialect;
  clock: Clock;
  timeZone: string;
  /** The first signing key: the per-recipient email limit's rows are keyed hashes of the address. */
  emailLimitKey: string;
  accounts: Pick<AccountService, 'findReaderById' | 'closeAccount' | 'exportData'> & {
    auth: Pick<AccountService['auth'], 'requestFreshLink'>;
  };
  subscriptions: Pick<SubscriptionService, 'historyFor' | 'membershipsOf' | 'staff' | 'refunds'>;
  entitlements: Pick<EntitlementService, 'entitlementsFor'>;
  plans: Pick<PlanService, 'listAll'>;
}

export const PAGE_SIZE = 50;
/** Readers read per statement by a CSV export: its memory is one page, whatever the list's length. */
export const CSV_PAGE_SIZE = 1000;

export interface ReaderPage {
  rows: ReaderListRow[];
  /** The cursor of the next page; undefined on the last. */
  next?: string | undefined;
}

export interface ReaderRecord {
  reader: Reader;
  /** Newest first; `pause`: its payment collection paused now (Stripe's `pause_collection`), on one still in force. */
  subscriptions: { subscription: SubscriptionRecord; planName: string; state: SubscriptionState; pause: SubscriptionPause | null }[];
  /**
   * The entitlement service's decision, now (group licences by email left out: looking takes no
   * seat); its `withheld` names what a pause holds back (the printed magazine).
   */
  access: EntitlementDecision;
  memberships: { organisation: string; joinedAt: string }[];
  emails: SentEmail[];
  /** Refunds of their subscriptions' payments, newest first. */
  refunds: RefundRecord[];
  /** Emails anyone may trigger sent to the address this window, and the limit. */
  linkSends: { sent: number; max: number };
}

export type ReaderCsvKind = 'readers' | 'subscribers';

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : '');

export function createReaderOffice(deps: ReaderOfficeDeps) {
  const { db, dialect, clock } = deps;

  async function mustFind(id: string): Promise<Reader> {
    const r = await deps.accounts.findReaderById(id);
    if (!r) throw notFound('reader');
    return r;
  }

  async function open(id: string): Promise<Reader> {
    const r = await mustFind(id);
    if (r.closedAt) throw new AppError('CONFLICT', 409, 'This account is closed: nothing more can be done with it.');
    return r;
  }

  /** Readers of the list's query, page after page, each page read only when the one before is used. */
  async function* pages(q: Omit<ReaderListQuery, 'after' | 'limit'>, size: number): AsyncGenerator<ReaderListRow[]> {
    let after: ReaderCursor | undefined;
    const now = clock();
    for (;;) {
      const rows = await listReaders(db, dialect, { ...q, after, limit: size }, now);
      if (rows.length > 0) yield rows;
      const last = rows[rows.length - 1];
      if (rows.length < size || !last) return;
      after = { createdAt: last.createdAt, id: last.id };
    }
  }

  return {
    /** One page of the list, newest first, and the cursor of the next. */
    async list(q: Omit<ReaderListQuery, 'limit'>): Promise<ReaderPage> {
      const rows = await listReaders(db, dialect, { ...q, limit: PAGE_SIZE + 1 }, clock());
      const shown = rows.slice(0, PAGE_SIZE);
      const last = shown[shown.length - 1];
      return { rows: shown, next: rows.length > PAGE_SIZE && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : undefined };
    },

    /** Every plan, for the filter and the comp form. */
    plans: (): Promise<Plan[]> => deps.plans.listAll(),

    /** Everything the reader page shows; 404 for no such reader. */
    async record(id: string): Promise<ReaderRecord> {
      const reader = await mustFind(id);
      const now = clock();
      const window = emailSendWindow(now);
      const [history, access, memberships, emails, sent, refunds] = await Promise.all([
        deps.subscriptions.historyFor(reader.id),
        deps.entitlements.entitlementsFor({ readerId: reader.id, clientIp: '', at: now }),
        deps.subscriptions.membershipsOf(reader.id),
        listSentEmails(db, reader.id, now),
        sendsInWindow(db, recipientHash(reader.email, deps.emailLimitKey), window.key),
        deps.subscriptions.refunds.refundsOf(reader.id),
      ]);
      const subscriptions = history.map((h) => ({ ...h, pause: h.state.kind === 'ended' ? null : pauseInForce(h.subscription, now) }));
      return {
        reader,
        subscriptions,
        access,
        memberships,
        emails,
        refunds,
        linkSends: { sent, max: EMAIL_SEND_LIMIT.maxSends },
      };
    },

    /**
     * Comps the reader a plan until the end of `lastDay` (YYYY-MM-DD in the paper's time zone;
     * '' for no end). 400 naming `plan` or `until`; 409 when they hold the plan already.
     */
    async comp(
      readerId: string,
      input: { planId: string; lastDay: string },
      also?: (tx: Db, target: { id: string; name: string }) => Promise<void>,
    ): Promise<SubscriptionRecord> {
      const reader = await open(readerId);
      const day = input.lastDay.trim();
      if (day !== '' && !isCalendarDate(day))
        throw invalid([{ field: 'until', message: 'Give the last day as YYYY-MM-DD, or leave it empty.' }]);
      const [y, m, d] = day.split('-').map(Number) as [number, number, number];
      const until = day === '' ? null : localMidnight(y, m, d + 1, deps.timeZone);
      return deps.subscriptions.staff.comp({ readerId: reader.id, planId: input.planId, until }, async (tx) => {
        if (also) await also(tx, { id: reader.id, name: reader.email });
      });
    },

    /** Ends one of the reader's subscriptions at its period end or now (through the payments gateway). */
    async cancel(readerId: string, subscriptionId: string, when: StaffCancelWhen): Promise<SubscriptionRecord> {
      const reader = await open(readerId);
      return deps.subscriptions.staff.cancel(reader.id, subscriptionId, when);
    },

    /**
     * Refunds a subscription's last payment (all, or `amountCents`) through the payments gateway
     * and ends it as chosen; `also` runs in the refund's transaction (the audit entry). A closed
     * account's subscriptions can still be refunded: the billing record outlives it.
     */
    async refund(
      input: StaffRefundInput,
      also?: (tx: Db, target: { id: string; name: string }) => Promise<void>,
    ): Promise<StaffRefundOutcome> {
      const reader = await mustFind(input.readerId);
      return deps.subscriptions.refunds.refund({ ...input, readerId: reader.id }, async (tx) => {
        if (also) await also(tx, { id: reader.id, name: reader.email });
      });
    },

    /**
     * Sends the reader a fresh link: a confirmation while the address is unconfirmed, else a
     * sign-in link. Counted against the address as every such email is (3 an hour).
     */
    async resendLink(readerId: string): Promise<MailOutcome> {
      const reader = await open(readerId);
      return deps.accounts.auth.requestFreshLink(reader.email, '/account');
    },

    /** The reader's data, exactly as they download it from /account (no session of theirs is current). */
    async exportData(readerId: string): Promise<{ reader: Reader; data: Record<string, unknown> }> {
      const reader = await open(readerId);
      return { reader, data: await deps.accounts.exportData(reader, '') };
    },

    /**
     * Closes the account as the reader's own closing does: every close listener first (a paid
     * subscription the gateway could not cancel refuses, 409), then the personal data goes.
     */
    async close(readerId: string): Promise<Reader> {
      const reader = await open(readerId);
      await deps.accounts.closeAccount(reader);
      return reader;
    },

    /**
     * A CSV of the list's readers (or of their subscriptions: one line each, the live ones and
     * the ended), as lines, produced a page of readers at a time: the whole list is never in
     * memory, and the first lines leave before the last page is read.
     */
    async *csv(kind: ReaderCsvKind, q: Omit<ReaderListQuery, 'after' | 'limit'>, pageSize = CSV_PAGE_SIZE): AsyncGenerator<string> {
      // A byte-order mark: spreadsheet programs then read the file as UTF-8.
      if (kind === 'readers') {
        yield `\uFEFF${csvLine(['id', 'email', 'name', 'company', 'email_confirmed', 'created_at', 'imported_at', 'import_source', 'closed_at'])}`;
        for await (const rows of pages(q, pageSize)) {
          yield rows
            .map((r) =>
              csvLine([
                r.id,
                r.email,
                r.name,
                r.company,
                r.emailVerifiedAt ? 'yes' : 'no',
                iso(r.createdAt),
                iso(r.importedAt),
                r.importSource,
                iso(r.closedAt),
              ]),
            )
            .join('');
        }
        return;
      }
      yield `\uFEFF${csvLine([
        'reader_id',
        'email',
        'name',
        'subscription_id',
        'plan',
        'standing',
        'status',
        'provider',
        'started_at',
        'current_period_end',
        'cancel_at_period_end',
        'trial_end',
        'price_cents',
        'currency',
      ])}`;
      for await (const rows of pages(q, pageSize)) {
        const lines: string[] = [];
        const histories = await deps.subscriptions.staff.historiesOf(rows.map((r) => r.id));
        const now = clock();
        for (const r of rows) {
          for (const { subscription: s, planName, state } of histories.get(r.id) ?? []) {
            if (s.status === 'incomplete') continue;
            lines.push(
              csvLine([
                r.id,
                r.email,
                r.name,
                s.id,
                planName,
                standingOf(s, state, pauseInForce(s, now)),
                s.status,
                s.provider,
                iso(s.createdAt),
                iso(s.currentPeriodEnd),
                s.cancelAtPeriodEnd ? 'yes' : 'no',
                iso(s.trialEnd),
                s.priceCents ?? null,
                s.currency ?? null,
              ]),
            );
          }
        }
        if (lines.length > 0) yield lines.join('');
      }
    },
  };
}
export type ReaderOffice = ReturnType<typeof createReaderOffice>;

/**
 * Where a subscription stands, in the office's words: active, trial, grace, cancelling, lapsed,
 * comp; "paused" (or "…, paused") while its payment collection is paused (`pause`: the pause in
 * force now, see `pauseInForce`).
 */
export function standingOf(s: SubscriptionRecord, state: SubscriptionState, pause: SubscriptionPause | null = null): string {
  if (state.kind === 'ended') return 'lapsed';
  if (pause) {
    const standing = standingOf(s, state);
    return standing === 'active' ? 'paused' : `${standing}, paused`;
  }
  if (s.provider === 'comp') return state.kind === 'cancelled' ? 'comp, ending' : 'comp';
  switch (state.kind) {
    case 'active':
      return 'active';
    case 'trial':
      return 'trial';
    case 'payment-problem':
      return 'grace';
    case 'cancelled':
      return 'cancelling at period end';
  }
}
