// Refunds of subscription payments: one row per refund at the payment provider, whether the
// business office asked for it (who, why, and what they chose for the reader's access) or it was
// made in the provider's own dashboard and reached us by webhook. `(provider, provider_refund_id)`
// is unique, so the office's answer and the webhook for the same refund meet in one row;
// `idempotency_key` (the office form's, unique) makes a double submit find the first refund.
// Amounts in the payment's currency's minor unit. Frozen in time: imports nothing from src/. The
// same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('subscription_refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull().references('subscriptions.id').onDelete('cascade'))
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_refund_id', 'text', (c) => c.notNull())
    // The provider's payment refunded (Stripe: the PaymentIntent).
    .addColumn('payment_id', 'text', (c) => c.notNull())
    .addColumn('amount_cents', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // pending, requires_action, succeeded, failed, canceled (Stripe's words).
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    // now, period-end; null when made at the provider.
    .addColumn('access', 'text')
    .addColumn('staff_id', 'text')
    .addColumn('staff_name', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.unique())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('subscription_refunds_provider_uq', ['provider', 'provider_refund_id'])
    .execute();
  await db.schema.createIndex('subscription_refunds_by_subscription').on('subscription_refunds').column('subscription_id').execute();
  await db.schema.createIndex('subscription_refunds_by_reader').on('subscription_refunds').column('reader_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('subscription_refunds').execute();
}
