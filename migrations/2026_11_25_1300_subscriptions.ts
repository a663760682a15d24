// Plans, subscriptions, payment events, group licences, gifts and offers. Frozen in time: imports
// nothing from src/. Runs on SQLite and PostgreSQL (15+), with the same type mapping as the
// publishing core: timestamptz/jsonb/boolean on PostgreSQL, ISO-8601 text/JSON text/0-1 on SQLite.
//
// Every timestamp column ends in `_at`: the SQLite driver edge turns exactly those back into Dates.
// `reader_id` columns carry no foreign key to `readers`: closing an account erases the reader but
// billing records must be kept, and this migration must not depend on another's tables.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;
  const bool = pg ? sql`boolean` : sql`integer`;
  const no = pg ? sql`false` : sql`0`;
  const yes = pg ? sql`true` : sql`1`;

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('price_cents', 'integer', (c) => c.notNull())
    // ISO 4217, lower case as Stripe writes it ("usd").
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull().check(sql`${sql.ref('interval')} in ('month', 'year')`))
    .addColumn('trial_days', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON array out of "web", "daily_email", "weekly_print".
    .addColumn('entitlements', json, (c) => c.notNull())
    .addColumn('active', bool, (c) => c.notNull().defaultTo(yes))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('stripe_price_id', 'text', (c) => c.unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('trialing', 'active', 'past_due', 'canceled', 'incomplete')`))
    .addColumn('current_period_end_at', ts)
    .addColumn('cancel_at_period_end', bool, (c) => c.notNull().defaultTo(no))
    .addColumn('trial_end_at', ts)
    // Set when a renewal payment fails; access ends when it passes unless a payment succeeds.
    .addColumn('grace_until_at', ts)
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('stripe', 'demo')`))
    .addColumn('provider_subscription_id', 'text', (c) => c.notNull())
    .addColumn('provider_customer_id', 'text')
    // The provider's time (Unix seconds) of the newest event applied; an older one is stale.
    .addColumn('provider_version', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('subscriptions_provider_id_uq', ['provider', 'provider_subscription_id'])
    .execute();
  await db.schema.createIndex('subscriptions_reader_idx').on('subscriptions').column('reader_id').execute();

  // Each provider event is processed once: the row is written in the same transaction as the
  // change it causes (Stripe delivers at least once: https://docs.stripe.com/webhooks#handle-duplicate-events).
  await db.schema
    .createTable('payment_events')
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('received_at', ts, (c) => c.notNull())
    .addColumn('processed_at', ts)
    .addPrimaryKeyConstraint('payment_events_pk', ['provider', 'event_id'])
    .execute();

  await db.schema
    .createTable('organisations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    // JSON arrays: CIDR ranges as text ("192.0.2.0/24", "2001:db8::/32"), domains ("example.edu").
    .addColumn('ip_ranges', json, (c) => c.notNull())
    .addColumn('email_domains', json, (c) => c.notNull())
    // Null: no limit.
    .addColumn('seat_limit', 'integer')
    .addColumn('active', bool, (c) => c.notNull().defaultTo(yes))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('organisation_members')
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('joined_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_members_pk', ['organisation_id', 'reader_id'])
    .execute();
  await db.schema.createIndex('organisation_members_reader_idx').on('organisation_members').column('reader_id').execute();

  await db.schema
    .createTable('gifts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // SHA-256 of the code: the code itself is shown to the purchaser once.
    .addColumn('code_hash', 'text', (c) => c.notNull().unique())
    .addColumn('purchaser_email', 'text', (c) => c.notNull())
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('months', 'integer', (c) => c.notNull())
    .addColumn('redeemed_by', 'text')
    .addColumn('redeemed_at', ts)
    // The last moment the code can be redeemed.
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('gifts_redeemed_by_idx').on('gifts').column('redeemed_by').execute();

  await db.schema
    .createTable('offers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('percent', 'amount')`))
    // Percent (1–100) or cents off, for each of the first `periods` billing periods.
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('periods', 'integer', (c) => c.notNull())
    // Null: any plan.
    .addColumn('plan_id', 'text', (c) => c.references('plans.id'))
    .addColumn('active', bool, (c) => c.notNull().defaultTo(yes))
    .addColumn('expires_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['offers', 'gifts', 'organisation_members', 'organisations', 'payment_events', 'subscriptions', 'plans']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
