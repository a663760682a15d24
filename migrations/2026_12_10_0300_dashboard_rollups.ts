// The dashboard at a million readers and a year of funnel events. Frozen in time: imports
// nothing from src/. The same statements run on SQLite and PostgreSQL 15.
//
// 1. `funnel_daily`: the funnel's counters rolled up per (local day, event type, section), every
//    story and meter period summed. The funnel writes it in the same transaction and statement
//    batch as `funnel_counts` (src/funnel/funnel-repository.ts), keyed by the same local day, so
//    it always equals `select day, type, section_id, sum(count) from funnel_counts group by …`,
//    late events and today's partial day included. A dashboard page reads days × types × sections
//    rows (~10,000 for 90 days) instead of days × stories × types (~150,000). Filled here from
//    the counters already kept.
// 2. `funnel_counts_story_idx (type, day, article_id, count)`: the stories ranked by one step over a
//    period read that step's entries alone, contiguous in the index, never the table.
// 3. Subscriptions, for counting changes per local day in SQL (an index range, a count per day):
//    started (created_at, status) replaces the index on created_at alone; access that ended, by
//    status then the instant it ended (period end, trial end, grace end) with the columns that
//    decide whether it counts, so each count reads its index range and nothing else.
// 4. `subscriptions_offer_idx`: the few paying subscriptions that began with an offer, for the
//    revenue's discounts, without a pass over all subscriptions.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('funnel_daily')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('section_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('count', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('funnel_daily_pk', ['day', 'type', 'section_id'])
    .execute();
  await sql`insert into funnel_daily (day, type, section_id, count)
    select day, type, section_id, sum(count) from funnel_counts group by day, type, section_id`.execute(db);
  await db.schema.createIndex('funnel_counts_story_idx').on('funnel_counts').columns(['type', 'day', 'article_id', 'count']).execute();

  await db.schema.dropIndex('subscriptions_created_idx').ifExists().execute();
  await db.schema.createIndex('subscriptions_started_idx').on('subscriptions').columns(['created_at', 'status']).execute();
  await db.schema
    .createIndex('subscriptions_period_end_idx')
    .on('subscriptions')
    .columns(['status', 'current_period_end_at', 'canceled_at', 'grace_until_at'])
    .execute();
  await db.schema
    .createIndex('subscriptions_trial_lapse_idx')
    .on('subscriptions')
    .columns(['status', 'canceled_at', 'trial_end_at', 'current_period_end_at'])
    .execute();
  await db.schema.createIndex('subscriptions_grace_idx').on('subscriptions').columns(['status', 'grace_until_at']).execute();
  await db.schema.createIndex('subscriptions_offer_idx').on('subscriptions').column('offer_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const i of [
    'subscriptions_offer_idx',
    'subscriptions_grace_idx',
    'subscriptions_trial_lapse_idx',
    'subscriptions_period_end_idx',
    'subscriptions_started_idx',
  ]) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  await db.schema.createIndex('subscriptions_created_idx').on('subscriptions').column('created_at').execute();
  await db.schema.dropIndex('funnel_counts_story_idx').ifExists().execute();
  await db.schema.dropTable('funnel_daily').ifExists().execute();
}
