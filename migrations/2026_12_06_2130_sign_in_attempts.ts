// Password sign-in attempts per account address: a keyed hash of the normalised
// email (never the address itself, which may belong to no account) and a fixed window; the row
// is the count of password attempts in that window, so many addresses guessing one account's
// password meet the same limit. Frozen in time: imports nothing from src/. The same statements run
// on SQLite and PostgreSQL. Timestamp columns end in `_at` (the SQLite driver edge turns exactly
// those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('account_hash', 'text', (c) => c.notNull())
    .addColumn('window_key', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('window_ends_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('sign_in_attempts_pk', ['account_hash', 'window_key'])
    .execute();
  await db.schema.createIndex('sign_in_attempts_window_ends_at_idx').on('sign_in_attempts').column('window_ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_attempts').execute();
}
