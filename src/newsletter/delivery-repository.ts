/**
 * The SQL of the daily email's ledger (`newsletter_deliveries`): each transition of delivery.ts
 * as one conditional update, so among several sender processes exactly one wins each. Claims take
 * a page of rows at once: PostgreSQL locks them with `FOR UPDATE SKIP LOCKED` (two senders never
 * wait on, nor take, each other's rows); SQLite has one writer, and the claim is one statement.
 */
import { sql } from 'kysely';
import type { Db, Dialect } from '../db/database.js';
import { type Delivery, type DeliveryStatus, isDeliveryStatus } from './delivery.js';

export interface LedgerRow {
  readerId: string;
  email: string;
  messageId: string;
  attempts: number;
  firstTriedAt: Date | null;
}

/** Writes a page of the audience to the ledger; a reader already in it keeps their row. */
export async function insertDeliveries(db: Db, editionId: string, rows: readonly { readerId: string; email: string; messageId: string }[]) {
  if (rows.length === 0) return;
  await db
    .insertInto('newsletter_deliveries')
    .values(rows.map((r) => ({ edition_id: editionId, reader_id: r.readerId, email: r.email, message_id: r.messageId })))
    .onConflict((oc) => oc.columns(['edition_id', 'reader_id']).doNothing())
    .execute();
}

export async function markAudienceReady(db: Db, editionId: string, at: Date): Promise<void> {
  await db
    .updateTable('newsletter_editions')
    .set({ audience_ready_at: at })
    .where('id', '=', editionId)
    .where('audience_ready_at', 'is', null)
    .execute();
}

export async function audienceReadyAt(db: Db, editionId: string): Promise<Date | null> {
  const r = await db.selectFrom('newsletter_editions').select('audience_ready_at').where('id', '=', editionId).executeTakeFirst();
  return r?.audience_ready_at ?? null;
}

/**
 * Claims up to `limit` claimable rows for `by` until `leaseUntil`: pending ones whose wait is
 * over, and claimed or sent ones whose sender's lease ran out (delivery.ts `claimable`).
 */
export async function claimDeliveries(
  db: Db,
  dialect: Dialect,
  q: { editionId: string; by: string; now: Date; leaseUntil: Date; limit: number },
): Promise<LedgerRow[]> {
  const { editionId, by, now, leaseUntil, limit } = q;
  type Row = {
    reader_id: string;
    email: string;
    message_id: string;
    attempts: number;
    first_tried_at: Date | string | null;
  };
  // Two parts, each an ordered walk of one index (newsletter_deliveries_claimable: edition,
  // status, reader) that stops at the limit: pending rows whose wait is over, and rows of a
  // sender whose lease ran out (a handful). As one OR, SQLite gathered every claimable row of the
  // edition and sorted them all on each claim (EXPLAIN: MULTI-INDEX OR, TEMP B-TREE FOR ORDER
  // BY): 83 ms a claim with 10,000 of 200,000 rows left, against 0.5 ms now, and at the start of a
  // million-recipient send a sort of a million rows per page of 50.
  let rows: Row[];
  if (dialect === 'postgres') {
    const r = await sql<Row>`
      with pending as (
        select reader_id from newsletter_deliveries
        where edition_id = ${editionId} and status = 'pending' and (retry_at is null or retry_at <= ${now})
        order by reader_id
        limit ${limit}
        for update skip locked
      ), stale as (
        select reader_id from newsletter_deliveries
        where edition_id = ${editionId} and status in ('claimed', 'sent') and (lease_expires_at is null or lease_expires_at <= ${now})
        order by reader_id
        limit ${limit}
        for update skip locked
      ), picked as (
        select reader_id from (select reader_id from stale union all select reader_id from pending) p limit ${limit}
      )
      update newsletter_deliveries d
      set status = 'claimed', claimed_by = ${by}, lease_expires_at = ${leaseUntil}
      from picked
      where d.edition_id = ${editionId} and d.reader_id = picked.reader_id
      returning d.reader_id, d.email, d.message_id, d.attempts, d.first_tried_at`.execute(db);
    rows = r.rows;
  } else {
    // SQLite: one statement, so one writer does it whole (a read-then-write transaction could
    // meet another process's commit between the two and fail with SQLITE_BUSY_SNAPSHOT).
    rows = await db
      .updateTable('newsletter_deliveries')
      .set({ status: 'claimed', claimed_by: by, lease_expires_at: leaseUntil })
      .where('edition_id', '=', editionId)
      .where('reader_id', 'in', (eb) =>
        eb
          .selectFrom(
            eb
              .selectFrom('newsletter_deliveries')
              .select('reader_id')
              .where('edition_id', '=', editionId)
              .where('status', 'in', ['claimed', 'sent'])
              .where((e) => e.or([e('lease_expires_at', 'is', null), e('lease_expires_at', '<=', now)]))
              .limit(limit)
              .as('stale'),
          )
          .select('stale.reader_id')
          .unionAll(
            eb
              .selectFrom(
                eb
                  .selectFrom('newsletter_deliveries')
                  .select('reader_id')
                  .where('edition_id', '=', editionId)
                  .where('status', '=', 'pending')
                  .where((e) => e.or([e('retry_at', 'is', null), e('retry_at', '<=', now)]))
                  .orderBy('reader_id')
                  .limit(limit)
                  .as('pending'),
              )
              .select('pending.reader_id'),
          )
          .limit(limit),
      )
      .returning(['reader_id', 'email', 'message_id', 'attempts', 'first_tried_at'])
      .execute();
  }
  return rows.map((r) => ({
    readerId: r.reader_id,
    email: r.email,
    messageId: r.message_id,
    attempts: Number(r.attempts),
    firstTriedAt: r.first_tried_at === null ? null : new Date(r.first_tried_at),
  }));
}

/** claimed → sent, if `by` still holds the lease: true when the message may be handed to SMTP. */
export async function markSending(db: Db, editionId: string, readerId: string, by: string, now: Date): Promise<boolean> {
  const r = await db
    .updateTable('newsletter_deliveries')
    .set((eb) => ({ status: 'sent', attempts: eb('attempts', '+', 1), first_tried_at: eb.fn.coalesce('first_tried_at', eb.val(now)) }))
    .where('edition_id', '=', editionId)
    .where('reader_id', '=', readerId)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', by)
    .where('lease_expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Writes the row after SMTP's reply (delivery.ts `afterReply`), if `by` is still the one that sent it. */
export async function recordReply(db: Db, editionId: string, readerId: string, by: string, after: Delivery): Promise<boolean> {
  const r = await db
    .updateTable('newsletter_deliveries')
    .set({
      status: after.status,
      claimed_by: null,
      lease_expires_at: null,
      retry_at: after.notBefore,
      finished_at: after.finishedAt,
      reply: after.reply,
    })
    .where('edition_id', '=', editionId)
    .where('reader_id', '=', readerId)
    .where('status', '=', 'sent')
    .where('claimed_by', '=', by)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** claimed → skipped (final): the reader left the audience after it was written (an unsubscribe takes effect at once). */
export async function skipDeliveries(db: Db, editionId: string, readerIds: readonly string[], by: string, now: Date): Promise<void> {
  if (readerIds.length === 0) return;
  await db
    .updateTable('newsletter_deliveries')
    .set({ status: 'skipped', claimed_by: null, lease_expires_at: null, finished_at: now, reply: 'left the audience before sending' })
    .where('edition_id', '=', editionId)
    .where('reader_id', 'in', readerIds)
    .where('status', '=', 'claimed')
    .where('claimed_by', '=', by)
    .execute();
}

/** Extends the lease of every row `by` holds in this edition. */
export async function renewLeases(db: Db, editionId: string, by: string, leaseUntil: Date): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({ lease_expires_at: leaseUntil })
    .where('edition_id', '=', editionId)
    .where('claimed_by', '=', by)
    .where('status', 'in', ['claimed', 'sent'])
    .execute();
}

/** A sender that stops gives back what it claimed and never handed to SMTP. */
export async function releaseClaims(db: Db, editionId: string, by: string): Promise<void> {
  await db
    .updateTable('newsletter_deliveries')
    .set({ status: 'pending', claimed_by: null, lease_expires_at: null })
    .where('edition_id', '=', editionId)
    .where('claimed_by', '=', by)
    .where('status', '=', 'claimed')
    .execute();
}

export type DeliveryCounts = Record<DeliveryStatus, number>;

export async function countDeliveries(db: Db, editionId: string): Promise<DeliveryCounts> {
  const rows = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('edition_id', '=', editionId)
    .groupBy('status')
    .execute();
  const counts: DeliveryCounts = { pending: 0, claimed: 0, sent: 0, accepted: 0, failed: 0, skipped: 0 };
  for (const r of rows) if (isDeliveryStatus(r.status)) counts[r.status] = Number(r.n);
  return counts;
}

/** When the next row not final may become claimable: the earliest retry time or lease end. */
export async function nextClaimableAt(db: Db, editionId: string): Promise<Date | null> {
  const r = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => [
      eb.fn.min('retry_at').filterWhere('status', '=', 'pending').as('retry'),
      eb.fn.min('lease_expires_at').filterWhere('status', 'in', ['claimed', 'sent']).as('lease'),
    ])
    .where('edition_id', '=', editionId)
    .executeTakeFirst();
  const times = [r?.retry, r?.lease].filter((t): t is Date => t !== null && t !== undefined).map((t) => new Date(t));
  return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
}

/** One reader's row (tests, and the report later). */
export async function findDelivery(db: Db, editionId: string, readerId: string) {
  return db
    .selectFrom('newsletter_deliveries')
    .selectAll()
    .where('edition_id', '=', editionId)
    .where('reader_id', '=', readerId)
    .executeTakeFirst();
}
