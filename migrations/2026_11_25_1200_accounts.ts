// Reader and staff accounts: readers, staff, server-side sessions and the single-use tokens sent
// by email (verify, sign-in link, reset, change of address). Frozen in time: imports nothing from
// src/. Runs on SQLite and PostgreSQL (15+), with the same type conventions as the publishing core.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

function isPostgres(db: Kysely<any>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: Kysely<any>): Promise<void> {
  const pg = isPostgres(db);
  const ts = pg ? sql`timestamptz` : sql`text`;
  const json = pg ? sql`jsonb` : sql`text`;

  await db.schema
    .createTable('readers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Lowercased by the application. A closed account keeps its row (billing records point at
    // it) with the address replaced by a unique placeholder.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('email_verified_at', ts)
    // Null for readers who sign in by emailed links only.
    .addColumn('password_hash', 'text')
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    // Postal address, for the printed magazine. Null when not given.
    .addColumn('address_line1', 'text')
    .addColumn('address_line2', 'text')
    .addColumn('address_city', 'text')
    .addColumn('address_region', 'text')
    .addColumn('address_postcode', 'text')
    .addColumn('address_country', 'text')
    .addColumn('email_preferences', json, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('staff')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // Null until the staff member follows their set-password link.
    .addColumn('password_hash', 'text')
    // owner | editor | writer | business
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('disabled_at', ts)
    .execute();

  // One row per signed-in browser. Only the SHA-256 of the cookie's token is stored.
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // reader | staff: the two kinds never share a session.
    .addColumn('principal_kind', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_principal_idx').on('sessions').columns(['principal_kind', 'principal_id']).execute();

  // Single-use links sent by email. Only the SHA-256 of the token is stored.
  await db.schema
    .createTable('email_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // verify | signin | reset | change-email
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('reader_id', 'text', (c) => c.references('readers.id').onDelete('cascade'))
    .addColumn('staff_id', 'text', (c) => c.references('staff.id').onDelete('cascade'))
    // The address the link was sent to (for change-email, the new address).
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('used_at', ts)
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('email_tokens_reader_idx').on('email_tokens').column('reader_id').execute();
  await db.schema.createIndex('email_tokens_staff_idx').on('email_tokens').column('staff_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['email_tokens', 'sessions', 'staff', 'readers']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
