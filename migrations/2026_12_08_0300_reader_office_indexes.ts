// The business office's reader list (/admin/readers) at a million readers: newest first a page at
// a time (keyset on created_at, id), a search by the start of an address or of a name, and the
// reader page's emails of the daily email. Frozen in time: imports nothing from src/.
//
// Prefix search must use an index on both databases. Addresses are stored lower case; SQLite's
// default BINARY collation orders them byte-wise, so `email >= p and email < p || U+10FFFF` is a
// range on the existing unique index. PostgreSQL's default index follows the database's
// collation, which a LIKE prefix cannot use unless it is C: an index with `text_pattern_ops`
// serves `email like 'p%'` whatever the collation
// (https://www.postgresql.org/docs/15/indexes-opclass.html). Names are searched lower-cased,
// through an index on the expression `lower(name)` on both.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  await db.schema.createIndex('readers_created_idx').on('readers').columns(['created_at', 'id']).execute();
  if (pg) {
    await sql`create index readers_email_prefix_idx on readers (email text_pattern_ops)`.execute(db);
    await sql`create index readers_name_prefix_idx on readers (lower(name) text_pattern_ops)`.execute(db);
  } else {
    await sql`create index readers_name_prefix_idx on readers (lower(name))`.execute(db);
  }
  // "Show: imported" newest first: a partial index holds only the imported readers, in list order.
  await db.schema
    .createIndex('readers_imported_created_idx')
    .on('readers')
    .columns(['created_at', 'id'])
    .where(sql.ref('imported_at'), 'is not', null)
    .execute();
  await db.schema.createIndex('newsletter_deliveries_reader_idx').on('newsletter_deliveries').column('reader_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('newsletter_deliveries_reader_idx').execute();
  await db.schema.dropIndex('readers_imported_created_idx').execute();
  await db.schema.dropIndex('readers_name_prefix_idx').execute();
  await db.schema.dropIndex('readers_email_prefix_idx').ifExists().execute();
  await db.schema.dropIndex('readers_created_idx').execute();
}
