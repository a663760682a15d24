/**
 * Subscription counts for reports (the funnel). Nothing outside this folder reads
 * subscription rows, so a report asks here and gets numbers, never rows.
 */
import type { Db } from '../db/database.js';
import { tallyByDay } from '../time/local-time.js';

/**
 * Subscriptions started in [from, to), counted per local day as `dayOf` names it. Started means
 * created and past `incomplete` (paid, or in a trial): a checkout whose first payment never went
 * through did not start anything. Days with none are absent from the map.
 */
export async function countSubscriptionsStartedByDay(
  db: Db,
  q: { from: Date; to: Date; dayOf: (at: Date) => string },
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('subscriptions')
    .select('created_at')
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .where('status', '<>', 'incomplete')
    .execute();
  return tallyByDay(
    rows.map((r) => r.created_at),
    q.dayOf,
  );
}

/**
 * The readers whose subscription started in [from, to): paid or trial, not an incomplete
 * checkout, not a comp (the business office's gift to a reader is no conversion). An experiment's
 * results (src/experiments) put each in the arm their reader id falls in.
 */
export async function readersSubscribedBetween(db: Db, q: { from: Date; to: Date }): Promise<string[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select('reader_id')
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .where('status', '<>', 'incomplete')
    .where('provider', '<>', 'comp')
    .execute();
  return rows.map((r) => r.reader_id);
}
