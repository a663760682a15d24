// The "your access has ended" email: when it was sent for a subscription, so it is sent
// once. Null: not sent (or not yet due). Set when the email is claimed for sending, cleared again
// if sending fails, and cleared when the subscription gives access again (a late payment), so the
// next ending is told too.
//
// Frozen in time: imports nothing from src/. Runs on SQLite and PostgreSQL (15+): timestamptz on
// PostgreSQL, ISO-8601 text on SQLite (the column name ends in `_at`, which the SQLite driver
// edge turns back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const ts = db.getExecutor().adapter instanceof PostgresAdapter ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('subscriptions').addColumn('access_end_notified_at', ts).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('subscriptions').dropColumn('access_end_notified_at').execute();
}
