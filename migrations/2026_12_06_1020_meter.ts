// The metered paywall: registered readers' meters, counted server-side, and the budget
// of fresh anonymous meters per network (a keyed hash of the /24 or /48, never an address).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
// Timestamp columns end in `_at` (the SQLite driver edge turns exactly those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;

  // One row per reader and period: `used` moves only under its guard (used < allowance), so
  // concurrent reads neither lose a count nor pass the allowance.
  await db.schema
    .createTable('meter_usage')
    .addColumn('reader_id', 'text', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_ends_at', ts, (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_usage_pk', ['reader_id', 'period_key'])
    .execute();
  await db.schema.createIndex('meter_usage_period_ends_at_idx').on('meter_usage').column('period_ends_at').execute();

  // The articles counted, by article key (the same 48-bit key the anonymous cookie holds, so
  // an anonymous meter carries over on registration). The key makes a second count impossible.
  await db.schema
    .createTable('meter_reads')
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('article_key', 'text', (c) => c.notNull())
    .addColumn('counted_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_reads_pk', ['reader_id', 'period_key', 'article_key'])
    .addForeignKeyConstraint('meter_reads_usage_fk', ['reader_id', 'period_key'], 'meter_usage', ['reader_id', 'period_key'], (c) =>
      c.onDelete('cascade'),
    )
    .execute();

  await db.schema
    .createTable('meter_networks')
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('network_hash', 'text', (c) => c.notNull())
    .addColumn('fresh_meters', 'integer', (c) => c.notNull())
    .addColumn('period_ends_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_networks_pk', ['period_key', 'network_hash'])
    .execute();
  await db.schema.createIndex('meter_networks_period_ends_at_idx').on('meter_networks').column('period_ends_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['meter_networks', 'meter_reads', 'meter_usage']) await db.schema.dropTable(t).execute();
}
