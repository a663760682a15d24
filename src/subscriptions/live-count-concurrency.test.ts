/**
 * The live counts (live-count-repository.ts) under concurrent writers on the real PostgreSQL
 * server (PGlite is one connection: it cannot show this). Checkouts that end on the same day on
 * the same plan all move one count row, so PostgreSQL makes them take turns on it: the test sends
 * many at once through the payment processor, each in its own transaction on its own connection,
 * and every one must apply, with the counts equal to a full recount. Writers moving counts between
 * the same two days in opposite directions (one reader cancels at the period's end while another
 * resumes) must not deadlock: the count rows are locked in one order whatever the direction, so
 * neither write fails (a deadlock is an error PostgreSQL gives one of them). The second test
 * makes the interleaving that deadlocked happen every time: a third connection holds the first
 * count row until both writers wait on it, the resuming one first.
 */
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { openPostgres } from '../db/connect.js';
import type { Db, DbHandle } from '../db/database.js';
import { openServerPostgres } from '../db/test-databases.js';
import { liveCountsAt, liveReadersAt, recountLive } from './live-count-repository.js';
import type { SubscriptionSnapshot } from './payments-gateway.js';
import type { Plan } from './plan.js';
import { listPlans } from './plan-repository.js';
import { seedDemoPlans } from './plan-service.js';
import { createPaymentProcessor } from './webhook-processor.js';

const NOW = new Date('2026-12-08T12:00:00Z');
const PERIOD_END = new Date('2027-01-08T12:00:00Z');
const WRITERS = 24;

async function countTables(db: Db) {
  const counts = await db
    .selectFrom('subscription_live_counts')
    .select(['until_day', 'plan_id', 'kind', 'currency', 'price_cents', 'n'])
    .where('n', '<>', 0)
    .orderBy(['until_day', 'plan_id', 'kind', 'currency', 'price_cents'])
    .execute();
  const readers = await db
    .selectFrom('subscriber_live_counts')
    .select(['until_day', 'n'])
    .where('n', '<>', 0)
    .orderBy('until_day')
    .execute();
  return {
    counts: counts.map((r) => ({ ...r, n: Number(r.n), price_cents: Number(r.price_cents) })),
    readers: readers.map((r) => ({ ...r, n: Number(r.n) })),
  };
}

describe('live counts under concurrent writers on the PostgreSQL server', () => {
  let h: DbHandle & { databaseUrl: string };
  /** Its own pool, one connection per writer: every write in its own transaction at once. */
  let writers: DbHandle;
  let plan: Plan;
  let version = Math.floor(NOW.getTime() / 1000);

  const snapshot = (n: string, over: Partial<SubscriptionSnapshot> = {}): SubscriptionSnapshot => ({
    providerSubscriptionId: `sub_${n}`,
    providerCustomerId: `cus_${n}`,
    status: 'active',
    currentPeriodEnd: PERIOD_END,
    cancelAtPeriodEnd: false,
    trialEnd: null,
    readerId: `reader-${n}`,
    planId: plan.id,
    priceId: null,
    version: ++version,
    ...over,
  });
  const event = (n: string, snap: SubscriptionSnapshot) => ({
    provider: 'demo' as const,
    eventId: `evt_${n}_${snap.version}`,
    type: 'customer.subscription.updated',
    created: snap.version,
    change: { kind: 'subscription_changed' as const, snapshot: snap },
  });

  beforeAll(async () => {
    h = await openServerPostgres();
    writers = openPostgres(h.databaseUrl, WRITERS + 2);
    await seedDemoPlans(h.db, () => NOW);
    plan = (await listPlans(h.db, { activeOnly: true })).find((p) => p.slug === 'all-access-monthly') as Plan;
    for (let i = 0; i < WRITERS + 2; i++)
      await insertReader(h.db, { id: `reader-${i}`, email: `r${i}@example.org`, passwordHash: null, at: NOW });
  });
  afterAll(async () => {
    await writers?.close();
    await h?.close();
  });

  it('applies every one of many checkouts ending the same day on the same plan, at once; the counts are right', async () => {
    const processor = createPaymentProcessor({ db: writers.db, clock: () => NOW });
    const ids = Array.from({ length: WRITERS }, (_, i) => String(i));
    const outcomes = await Promise.allSettled(ids.map((n) => processor.process(event(n, snapshot(n)))));
    expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual(ids.map(() => 'applied'));
    expect(await liveReadersAt(h.db, NOW)).toBe(WRITERS);
    expect((await liveCountsAt(h.db, NOW)).map((r) => ({ planId: r.planId, kind: r.kind, n: r.n }))).toEqual([
      { planId: plan.id, kind: 'paying', n: WRITERS },
    ]);
    // Half cancel at the period's end while the other half renew, all at once: every count stays exact.
    const renewed = new Date(PERIOD_END.getTime() + 31 * 86_400_000);
    const changes = await Promise.allSettled(
      ids.map((n, i) =>
        processor.process(event(n, snapshot(n, i % 2 === 0 ? { cancelAtPeriodEnd: true } : { currentPeriodEnd: renewed }))),
      ),
    );
    expect(changes.filter((o) => o.status === 'rejected')).toEqual([]);
    const kept = await countTables(h.db);
    await recountLive(h.db);
    expect(await countTables(h.db)).toEqual(kept);
    expect(kept.readers.map((r) => r.n)).toEqual([WRITERS / 2, WRITERS / 2]);
    expect(await liveReadersAt(h.db, NOW)).toBe(WRITERS);
  });

  it('lets two writers move counts between the same two days in opposite directions, with neither failing', async () => {
    const processor = createPaymentProcessor({ db: writers.db, clock: () => NOW });
    // Two readers on the plan, same period end: X renews (counted to the period end and its
    // renewal's leeway), Y has cancelled at the period's end (counted to the period end).
    const [x, y] = [String(WRITERS), String(WRITERS + 1)];
    expect(await processor.process(event(x, snapshot(x)))).toBe('applied');
    expect(await processor.process(event(y, snapshot(y, { cancelAtPeriodEnd: true })))).toBe('applied');
    const before = await countTables(h.db);
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const early = day(PERIOD_END);

    // A third connection holds the earlier day's count row of the plan.
    const blocker = new pg.Client({ connectionString: h.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      const held = await blocker.query('select n from subscription_live_counts where until_day = $1 and plan_id = $2 for update', [
        early,
        plan.id,
      ]);
      expect(held.rowCount).toBe(1);
      const waiting = async () =>
        Number(
          (
            await sql<{ n: string }>`select count(*) as n from pg_stat_activity
              where datname = current_database() and wait_event_type = 'Lock' and state = 'active'`.execute(h.db)
          ).rows[0]?.n,
        );
      const until = async (n: number) => {
        for (let i = 0; i < 500 && (await waiting()) < n; i++) await new Promise((r) => setTimeout(r, 10));
        expect(await waiting()).toBe(n);
      };
      // Y resumes (early → late) and waits first; then X cancels at the period's end (late → early).
      const resumed = processor.process(event(y, snapshot(y, { cancelAtPeriodEnd: false })));
      await until(1);
      const cancelled = processor.process(event(x, snapshot(x, { cancelAtPeriodEnd: true })));
      await until(2);
      await blocker.query('commit');
      const outcomes = await Promise.allSettled([resumed, cancelled]);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : String(o.reason)))).toEqual(['applied', 'applied']);
    } finally {
      await blocker.end();
    }
    // One moved each way: the counts are as they were.
    expect(await countTables(h.db)).toEqual(before);
    const kept = await countTables(h.db);
    await recountLive(h.db);
    expect(await countTables(h.db)).toEqual(kept);
  });
});
