/**
 * The SQL of what comes back after the daily email: the delivery a report names, bounces and
 * complaints per delivery (`newsletter_bounces`), the daily count of reports by outcome
 * (`newsletter_bounce_intake`) and the per-edition report's numbers (clicks: click-repository.ts).
 */
import type { Db } from '../db/database.js';

export interface DeliveryRef {
  editionId: string;
  editionDate: string;
  readerId: string;
  email: string;
}

/** The ledger row of a reader in the edition of a date (what a VERP token names). */
export async function findDeliveryByDate(db: Db, editionDate: string, readerId: string): Promise<DeliveryRef | undefined> {
  const r = await db
    .selectFrom('newsletter_deliveries as d')
    .innerJoin('newsletter_editions as e', 'e.id', 'd.edition_id')
    .select(['d.edition_id', 'e.edition_date', 'd.reader_id', 'd.email'])
    .where('e.edition_date', '=', editionDate)
    .where('d.reader_id', '=', readerId)
    .executeTakeFirst();
  return r && { editionId: r.edition_id, editionDate: r.edition_date, readerId: r.reader_id, email: r.email };
}

/** The ledger row with this Message-ID (the edition's `<edition.E.R@host>`), matched exactly. */
export async function findDeliveryByMessageId(db: Db, messageId: string): Promise<DeliveryRef | undefined> {
  const m = /^<edition\.([0-9a-f-]{36})\.([0-9a-f-]{36})@/i.exec(messageId);
  if (!m?.[1] || !m[2]) return undefined;
  const r = await db
    .selectFrom('newsletter_deliveries as d')
    .innerJoin('newsletter_editions as e', 'e.id', 'd.edition_id')
    .select(['d.edition_id', 'e.edition_date', 'd.reader_id', 'd.email', 'd.message_id'])
    .where('d.edition_id', '=', m[1].toLowerCase())
    .where('d.reader_id', '=', m[2].toLowerCase())
    .executeTakeFirst();
  if (!r || r.message_id.toLowerCase() !== messageId.toLowerCase()) return undefined;
  return { editionId: r.edition_id, editionDate: r.edition_date, readerId: r.reader_id, email: r.email };
}

export type BounceKind = 'hard' | 'soft' | 'complaint';

/** Records a bounce or complaint of a delivery; false when that delivery already has one of this kind. */
export async function insertBounce(
  db: Db,
  b: { delivery: DeliveryRef; kind: BounceKind; status: string; diagnostic: string; at: Date },
): Promise<boolean> {
  const r = await db
    .insertInto('newsletter_bounces')
    .values({
      edition_id: b.delivery.editionId,
      reader_id: b.delivery.readerId,
      email: b.delivery.email.toLowerCase(),
      kind: b.kind,
      status: b.status.slice(0, 40),
      diagnostic: b.diagnostic.slice(0, 300),
      received_at: b.at,
    })
    .onConflict((oc) => oc.columns(['edition_id', 'reader_id', 'kind']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** When an address soft-bounced since `since`. */
export async function softBounceTimes(db: Db, email: string, since: Date): Promise<Date[]> {
  const rows = await db
    .selectFrom('newsletter_bounces')
    .select('received_at')
    .where('email', '=', email.toLowerCase())
    .where('kind', '=', 'soft')
    .where('received_at', '>=', since)
    .execute();
  return rows.map((r) => new Date(r.received_at));
}

/** Counts one report of this outcome on the UTC day of `at`. */
export async function countIntake(db: Db, outcome: string, at: Date): Promise<void> {
  const day = at.toISOString().slice(0, 10);
  await db
    .insertInto('newsletter_bounce_intake')
    .values({ day, outcome, count: 1 })
    .onConflict((oc) => oc.columns(['day', 'outcome']).doUpdateSet((eb) => ({ count: eb('newsletter_bounce_intake.count', '+', 1) })))
    .execute();
}

export async function intakeCounts(db: Db, since: string): Promise<{ day: string; outcome: string; count: number }[]> {
  const rows = await db
    .selectFrom('newsletter_bounce_intake')
    .select(['day', 'outcome', 'count'])
    .where('day', '>=', since)
    .orderBy('day')
    .orderBy('outcome')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

export interface UndeliverableRow {
  reason: string;
  detail: string;
  markedAt: Date;
}

export async function findUndeliverable(db: Db, email: string): Promise<UndeliverableRow | undefined> {
  const r = await db
    .selectFrom('undeliverable_addresses')
    .select(['reason', 'detail', 'marked_at'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return r && { reason: r.reason, detail: r.detail, markedAt: new Date(r.marked_at) };
}

export interface EditionReportCounts {
  recipients: number;
  accepted: number;
  failed: number;
  skipped: number;
  pending: number;
  hardBounces: number;
  softBounces: number;
  complaints: number;
  unsubscribes: number;
}

/**
 * The numbers of one edition. Unsubscribes are the edition's recipients who stopped the daily
 * email (by link, in /account, or by complaint) after it began to go out and before the next
 * edition did.
 */
export async function editionReportCounts(db: Db, edition: { id: string; date: string }): Promise<EditionReportCounts> {
  const statuses = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .where('edition_id', '=', edition.id)
    .groupBy('status')
    .execute();
  const by = new Map(statuses.map((r) => [r.status, Number(r.n)]));
  const kinds = await db
    .selectFrom('newsletter_bounces')
    .select((eb) => ['kind', eb.fn.countAll<number | string>().as('n')])
    .where('edition_id', '=', edition.id)
    .groupBy('kind')
    .execute();
  const k = new Map(kinds.map((r) => [r.kind, Number(r.n)]));
  const started = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => eb.fn.min('first_tried_at').as('at'))
    .where('edition_id', '=', edition.id)
    .executeTakeFirst();
  let unsubscribes = 0;
  if (started?.at) {
    const next = await db
      .selectFrom('newsletter_deliveries as d')
      .innerJoin('newsletter_editions as e', 'e.id', 'd.edition_id')
      .select((eb) => eb.fn.min('d.first_tried_at').as('at'))
      .where('e.edition_date', '>', edition.date)
      .executeTakeFirst();
    let q = db
      .selectFrom('newsletter_opt_outs as o')
      .innerJoin('newsletter_deliveries as d', (j) => j.onRef('d.reader_id', '=', 'o.reader_id').on('d.edition_id', '=', edition.id))
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('o.opted_out_at', '>=', new Date(started.at));
    if (next?.at) q = q.where('o.opted_out_at', '<', new Date(next.at));
    unsubscribes = Number((await q.executeTakeFirst())?.n ?? 0);
  }
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  return {
    recipients: total,
    accepted: by.get('accepted') ?? 0,
    failed: by.get('failed') ?? 0,
    skipped: by.get('skipped') ?? 0,
    pending: (by.get('pending') ?? 0) + (by.get('claimed') ?? 0) + (by.get('sent') ?? 0),
    hardBounces: k.get('hard') ?? 0,
    softBounces: k.get('soft') ?? 0,
    complaints: k.get('complaint') ?? 0,
    unsubscribes,
  };
}
