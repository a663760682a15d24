// Stripe's "pause payment collection" on a subscription (`pause_collection`): the subscription
// stays active while no invoice is collected, and the printed magazine is not mailed. Null in
// `pause_behavior` means not paused. `pause_resumes_at`: when Stripe resumes by itself (null:
// until someone resumes it); `paused_at`: the provider's time of the event that first told us,
// so a mailing list remade later still mails the copy of an edition frozen before the pause.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema.alterTable('subscriptions').addColumn('pause_behavior', 'text').execute();
  await db.schema.alterTable('subscriptions').addColumn('pause_resumes_at', ts).execute();
  await db.schema.alterTable('subscriptions').addColumn('paused_at', ts).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['paused_at', 'pause_resumes_at', 'pause_behavior']) {
    await db.schema.alterTable('subscriptions').dropColumn(c).execute();
  }
}
