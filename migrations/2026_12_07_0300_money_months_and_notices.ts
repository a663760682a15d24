// Money: offers in months, subscriber emails once only. Frozen in time: imports nothing from src/. The same statements run on SQLite
// and PostgreSQL. Timestamp columns end in `_at` (the SQLite driver edge turns exactly those back
// into Dates).
//
// 1. An offer's length is stated in months on every plan interval (it was "billing periods": a
//    "3 periods" offer meant three years on a yearly plan). `offers.periods` becomes
//    `offers.months`. An offer made for one yearly plan meant years, so its count is turned into
//    the same length in months (2 → 24); an offer for any plan was written, and read by people,
//    as months, so its count stays.
// 2. A subscription keeps what was agreed at its start, for the receipt and the billing record
//    that outlives a closed account: the offer used, the price of a period and the first payment,
//    in the plan's currency (null for subscriptions made before this).
// 3. `subscriber_emails`: the ledger of emails sent once per occasion (a welcome per
//    subscription, a reminder per yearly renewal, a confirmation per cancellation, a note per
//    redeemed gift). The primary key is the claim: several processes, or a job run twice, insert
//    the same row and only one succeeds.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;

  await db.schema.alterTable('offers').renameColumn('periods', 'months').execute();
  await db
    .updateTable('offers')
    .set({ months: sql`months * 12` })
    .where('plan_id', 'in', db.selectFrom('plans').select('id').where('interval', '=', 'year'))
    .execute();

  await db.schema.alterTable('subscriptions').addColumn('offer_id', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('price_cents', 'integer').execute();
  await db.schema.alterTable('subscriptions').addColumn('first_payment_cents', 'integer').execute();
  await db.schema.alterTable('subscriptions').addColumn('currency', 'text').execute();

  await db.schema
    .createTable('subscriber_emails')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occasion', 'text', (c) => c.notNull())
    .addColumn('claimed_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('subscriber_emails_pk', ['subject_id', 'kind', 'occasion'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subscriber_emails').execute();
  for (const column of ['currency', 'first_payment_cents', 'price_cents', 'offer_id']) {
    await db.schema.alterTable('subscriptions').dropColumn(column).execute();
  }
  await db
    .updateTable('offers')
    .set({ months: sql`months / 12` })
    .where('plan_id', 'in', db.selectFrom('plans').select('id').where('interval', '=', 'year'))
    .execute();
  await db.schema.alterTable('offers').renameColumn('months', 'periods').execute();
}
