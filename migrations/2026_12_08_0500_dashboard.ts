// The business office's dashboard. Frozen in time: imports nothing from src/. The same statements
// run on SQLite and PostgreSQL 15.
//
// 1. `subscriptions.canceled_at`: when the cancellation now in force was asked for (cancel at the
//    period's end, or canceled at once); null while none is. The dashboard counts cancellations
//    per day from it. Rows cancelled before this migration get their last change's time
//    (`updated_at`), the best the table knows.
// 2. Indexes for the dashboard's date ranges at a million readers: subscriptions started
//    (`created_at`), cancelled (`canceled_at`), trials ending (`trial_end_at`); and a covering
//    index of the funnel's counters (day, type, story, section, count), so the per-day and
//    per-story sums read the index alone, never the table.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('subscriptions').addColumn('canceled_at', ts).execute();
  await db
    .updateTable('subscriptions')
    .set({ canceled_at: sql`updated_at` })
    .where((eb) => eb.or([eb('status', '=', 'canceled'), eb('cancel_at_period_end', '=', pg ? sql`true` : sql`1`)]))
    .execute();
  await db.schema.createIndex('subscriptions_created_idx').on('subscriptions').column('created_at').execute();
  await db.schema.createIndex('subscriptions_canceled_idx').on('subscriptions').column('canceled_at').execute();
  await db.schema.createIndex('subscriptions_trial_end_idx').on('subscriptions').column('trial_end_at').execute();
  await db.schema
    .createIndex('funnel_counts_dashboard_idx')
    .on('funnel_counts')
    .columns(['day', 'type', 'article_id', 'section_id', 'count'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('funnel_counts_dashboard_idx').ifExists().execute();
  for (const i of ['subscriptions_trial_end_idx', 'subscriptions_canceled_idx', 'subscriptions_created_idx']) {
    await db.schema.dropIndex(i).ifExists().execute();
  }
  await db.schema.alterTable('subscriptions').dropColumn('canceled_at').execute();
}
