/**
 * The SQL of who gets the daily email, apart from entitlements (the subscriptions feature decides
 * those): confirmed, open accounts whose address is deliverable and who have not stopped the
 * email, a keyset page at a time; the opt-outs; the addresses marked undeliverable.
 */
import type { Db } from '../db/database.js';
import { parseJsonColumn } from '../db/database.js';

export interface AudienceCandidate {
  id: string;
  email: string;
  /** The reader's own opt-in (registered readers sign up for free in /account). */
  optedIn: boolean;
}

function optedIn(prefs: unknown): boolean {
  const v = parseJsonColumn(prefs);
  return typeof v === 'object' && v !== null && (v as { dailyEmail?: unknown }).dailyEmail === true;
}

/**
 * Readers after `afterId` (by id) who may get the email if they want it or are entitled to it:
 * address confirmed, account open, no opt-out, address not marked undeliverable. One page of at
 * most `limit`, in id order, so a million readers are read in pages and never held at once.
 */
export async function listAudienceCandidates(db: Db, afterId: string | null, limit: number): Promise<AudienceCandidate[]> {
  let q = db
    .selectFrom('readers')
    .select(['readers.id', 'readers.email', 'readers.email_preferences'])
    .where('readers.email_verified_at', 'is not', null)
    .where('readers.closed_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('newsletter_opt_outs').select('reader_id').whereRef('newsletter_opt_outs.reader_id', '=', 'readers.id'))),
    )
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('undeliverable_addresses').select('email').whereRef('undeliverable_addresses.email', '=', 'readers.email'))),
    )
    .orderBy('readers.id')
    .limit(limit);
  if (afterId !== null) q = q.where('readers.id', '>', afterId);
  const rows = await q.execute();
  return rows.map((r) => ({ id: r.id, email: r.email, optedIn: optedIn(r.email_preferences) }));
}

/** Of these readers, the ones who may no longer get the email: opted out, closed, or undeliverable since. */
export async function listNoLongerInAudience(db: Db, readerIds: readonly string[]): Promise<Set<string>> {
  if (readerIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('readers')
    .select('readers.id')
    .where('readers.id', 'in', readerIds)
    .where(({ or, eb, exists, selectFrom }) =>
      or([
        eb('readers.closed_at', 'is not', null),
        exists(selectFrom('newsletter_opt_outs').select('reader_id').whereRef('newsletter_opt_outs.reader_id', '=', 'readers.id')),
        exists(selectFrom('undeliverable_addresses').select('email').whereRef('undeliverable_addresses.email', '=', 'readers.email')),
      ]),
    )
    .execute();
  const gone = new Set(rows.map((r) => r.id));
  // A reader row that no longer exists is gone too.
  const present = new Set((await db.selectFrom('readers').select('id').where('id', 'in', readerIds).execute()).map((r) => r.id));
  for (const id of readerIds) if (!present.has(id)) gone.add(id);
  return gone;
}

export async function isOptedOut(db: Db, readerId: string): Promise<boolean> {
  return (
    (await db.selectFrom('newsletter_opt_outs').select('reader_id').where('reader_id', '=', readerId).executeTakeFirst()) !== undefined
  );
}

/** Stops the daily email for a reader (idempotent: the first opt-out's time stays). */
export async function insertOptOut(db: Db, readerId: string, via: 'link' | 'account' | 'complaint', at: Date): Promise<void> {
  await db
    .insertInto('newsletter_opt_outs')
    .values({ reader_id: readerId, via, opted_out_at: at })
    .onConflict((oc) => oc.column('reader_id').doNothing())
    .execute();
}

export async function deleteOptOut(db: Db, readerId: string): Promise<void> {
  await db.deleteFrom('newsletter_opt_outs').where('reader_id', '=', readerId).execute();
}

export type UndeliverableReason = 'hard_bounce' | 'complaint';

/** Marks an address undeliverable (a hard bounce or a complaint: bounce-intake.ts); the latest reason wins. */
export async function markUndeliverable(db: Db, email: string, reason: UndeliverableReason, detail: string, at: Date): Promise<void> {
  const values = { email: email.trim().toLowerCase(), reason, detail: detail.slice(0, 500), marked_at: at };
  await db
    .insertInto('undeliverable_addresses')
    .values(values)
    .onConflict((oc) => oc.column('email').doUpdateSet({ reason: values.reason, detail: values.detail, marked_at: values.marked_at }))
    .execute();
}

export async function clearUndeliverable(db: Db, email: string): Promise<void> {
  await db.deleteFrom('undeliverable_addresses').where('email', '=', email.trim().toLowerCase()).execute();
}
