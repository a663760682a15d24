// The anonymous meter on the server: the cookie holds only a random id; the meter's
// period, count and counted articles live here under a keyed hash of that id (never the id), so
// an earlier cookie sent back finds today's count. Also: a cap on the counted anonymous reads per
// network and period (`meter_networks.counted_reads`), the article id beside each registered read
// (so "download my data" can name the articles), and the lead-in policy field renamed from
// paragraphs to blocks (a lead-in is now the first blocks of any kind).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
// Timestamp columns end in `_at` (the SQLite driver edge turns exactly those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;

  // One row per anonymous meter; a meter lives for one period. `used` moves only under its guard
  // (used < allowance), as a registered reader's does.
  await db.schema
    .createTable('meter_anonymous')
    .addColumn('meter_hash', 'text', (c) => c.primaryKey())
    .addColumn('period_key', 'text', (c) => c.notNull())
    .addColumn('period_ends_at', ts, (c) => c.notNull())
    .addColumn('used', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('meter_anonymous_period_ends_at_idx').on('meter_anonymous').column('period_ends_at').execute();

  // The articles an anonymous meter counted: the key makes a second count impossible. No foreign
  // key: a count racing the meter's deletion (carried over on sign-in) finds no meter row and
  // rolls back, rather than failing on the constraint; the meter's rows are deleted together.
  await db.schema
    .createTable('meter_anonymous_reads')
    .addColumn('meter_hash', 'text', (c) => c.notNull())
    .addColumn('article_key', 'text', (c) => c.notNull())
    .addColumn('article_id', 'text', (c) => c.notNull())
    .addColumn('counted_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_anonymous_reads_pk', ['meter_hash', 'article_key'])
    .execute();

  await db.schema
    .alterTable('meter_networks')
    .addColumn('counted_reads', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('meter_reads').addColumn('article_id', 'text').execute();

  // `leadInParagraphs` becomes `leadInBlocks` in a stored meter policy (same number).
  const row = await db.selectFrom('settings').select('value').where('key', '=', 'meter_policy').executeTakeFirst();
  if (row) {
    const value: Record<string, unknown> = typeof row.value === 'string' ? JSON.parse(row.value) : { ...row.value };
    if ('leadInParagraphs' in value) {
      value.leadInBlocks = value.leadInParagraphs;
      delete value.leadInParagraphs;
      await db
        .updateTable('settings')
        .set({ value: JSON.stringify(value) })
        .where('key', '=', 'meter_policy')
        .execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('meter_reads').dropColumn('article_id').execute();
  await db.schema.alterTable('meter_networks').dropColumn('counted_reads').execute();
  await db.schema.dropTable('meter_anonymous_reads').execute();
  await db.schema.dropTable('meter_anonymous').execute();
}
