// Live subscriptions counted on write, so the dashboard's "subscribers now" and revenue stop
// being passes over every subscription (src/subscriptions/live-count.ts has the design). Frozen
// in time: imports nothing from src/ (the rule below is a copy of live-count.ts as of this
// migration). The same statements run on SQLite and PostgreSQL 15.
//
// 1. `subscriptions.live_until_at`, `live_kind`, `live_plan_id`: the key the row is counted under
//    (the instant its access ends if nothing is written, how it counts, its plan); null: it
//    gives no access. Indexed by `live_until_at` with the count's columns, for today's rows, and
//    (partially) with `offer_id` for the subscriptions that began with an offer.
// 2. `subscription_live_counts`: live subscriptions per (UTC day the access ends, plan, kind,
//    agreed currency or '', agreed price or -1).
// 3. `subscriber_live` (a reader's latest end over their subscriptions) and
//    `subscriber_live_counts` (readers per UTC day their access ends): readers with access.
// Filled here from the rows already kept.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

const LEEWAY_MS = 3 * 24 * 60 * 60 * 1000;
const OPEN_END = new Date(Date.UTC(9999, 11, 31));

interface Row {
  id: string;
  plan_id: string;
  status: string;
  provider: string;
  current_period_end_at: Date | string | null;
  cancel_at_period_end: boolean | number;
  trial_end_at: Date | string | null;
  grace_until_at: Date | string | null;
}

const dateOf = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

function keyOf(r: Row, refunded: boolean): { until: Date; kind: string } | null {
  const periodEnd = dateOf(r.current_period_end_at);
  const cancelling = Boolean(r.cancel_at_period_end);
  const grace = dateOf(r.grace_until_at);
  let until: Date | null = null;
  if (r.status === 'active') until = periodEnd === null ? OPEN_END : cancelling ? periodEnd : new Date(periodEnd.getTime() + LEEWAY_MS);
  else if (r.status === 'trialing') until = dateOf(r.trial_end_at) ?? periodEnd ?? OPEN_END;
  else if (r.status === 'past_due') until = grace;
  else if (r.status === 'canceled') until = grace === null ? periodEnd : null;
  if (until === null) return null;
  const kind =
    r.status === 'trialing'
      ? 'trial'
      : r.provider === 'comp'
        ? 'comp'
        : refunded && (cancelling || r.status === 'canceled')
          ? 'refunded'
          : 'paying';
  return { until, kind };
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('subscriptions').addColumn('live_until_at', ts).execute();
  await db.schema.alterTable('subscriptions').addColumn('live_kind', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('live_plan_id', 'text').execute();
  await db.schema
    .createIndex('subscriptions_live_until_idx')
    .on('subscriptions')
    .columns(['live_until_at', 'live_plan_id', 'live_kind', 'currency', 'price_cents'])
    .execute();
  // The subscriptions that began with an offer, with their keys and what the discount needs: the
  // revenue's discounts read this partial index alone, never the table.
  await db.schema
    .createIndex('subscriptions_offered_live_idx')
    .on('subscriptions')
    .columns(['offer_id', 'live_until_at', 'live_kind', 'plan_id', 'created_at', 'currency', 'price_cents'])
    .where(sql.ref('offer_id'), 'is not', null)
    .execute();
  await db.schema
    .createTable('subscription_live_counts')
    .addColumn('until_day', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('price_cents', 'bigint', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('subscription_live_counts_pk', ['until_day', 'plan_id', 'kind', 'currency', 'price_cents'])
    .execute();
  await db.schema
    .createTable('subscriber_live')
    .addColumn('reader_id', 'text', (c) => c.primaryKey())
    .addColumn('live_until_at', ts)
    .execute();
  await db.schema.createIndex('subscriber_live_until_idx').on('subscriber_live').column('live_until_at').execute();
  await db.schema
    .createTable('subscriber_live_counts')
    .addColumn('until_day', 'text', (c) => c.primaryKey())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .execute();

  // Backfill: each row's key, then the counts summed.
  let after = '';
  for (;;) {
    const rows: Row[] = await db
      .selectFrom('subscriptions')
      .select(['id', 'plan_id', 'status', 'provider', 'current_period_end_at', 'cancel_at_period_end', 'trial_end_at', 'grace_until_at'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(1_000)
      .execute();
    const last = rows[rows.length - 1];
    if (!last) break;
    after = last.id;
    const refunded = new Set<string>(
      (
        await db
          .selectFrom('subscription_refunds')
          .select('subscription_id')
          .where(
            'subscription_id',
            'in',
            rows.map((r) => r.id),
          )
          .where('access', '=', 'period-end')
          .where('status', 'not in', ['failed', 'canceled'])
          .execute()
      ).map((r: { subscription_id: string }) => r.subscription_id),
    );
    for (const r of rows) {
      const key = keyOf(r, refunded.has(r.id));
      if (!key) continue;
      await db
        .updateTable('subscriptions')
        .set({ live_until_at: key.until, live_kind: key.kind, live_plan_id: r.plan_id })
        .where('id', '=', r.id)
        .execute();
    }
  }
  const day = pg ? sql`to_char(live_until_at at time zone 'UTC', 'YYYY-MM-DD')` : sql`substr(live_until_at, 1, 10)`;
  await sql`insert into subscription_live_counts (until_day, plan_id, kind, currency, price_cents, n)
    select ${day}, live_plan_id, live_kind, coalesce(currency, ''), coalesce(price_cents, -1), count(*)
    from subscriptions where live_until_at is not null group by 1, 2, 3, 4, 5`.execute(db);
  await sql`insert into subscriber_live (reader_id, live_until_at)
    select reader_id, max(live_until_at) from subscriptions where live_until_at is not null group by reader_id`.execute(db);
  await sql`insert into subscriber_live_counts (until_day, n) select ${day}, count(*) from subscriber_live group by 1`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subscriber_live_counts').ifExists().execute();
  await db.schema.dropTable('subscriber_live').ifExists().execute();
  await db.schema.dropTable('subscription_live_counts').ifExists().execute();
  await db.schema.dropIndex('subscriptions_offered_live_idx').ifExists().execute();
  await db.schema.dropIndex('subscriptions_live_until_idx').ifExists().execute();
  for (const c of ['live_plan_id', 'live_kind', 'live_until_at']) await db.schema.alterTable('subscriptions').dropColumn(c).execute();
}
