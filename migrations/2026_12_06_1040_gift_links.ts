// Gift links: a subscriber shares one article; each link is bound to it, expires, and
// admits a few browsers, recorded by a hash of a random per-browser id (never an address).
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
// Timestamp columns end in `_at` (the SQLite driver edge turns exactly those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;

  // The signed token in the URL names the row; the row holds the binding to the article.
  // Revoked links stay (with revoked_at) so the month's allowance cannot be refilled by revoking.
  await db.schema
    .createTable('gift_links')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reader_id', 'text', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('article_id', 'text', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('max_readers', 'integer', (c) => c.notNull().check(sql`max_readers > 0`))
    .addColumn('revoked_at', ts)
    .execute();
  // The month's count and the reader's list.
  await db.schema.createIndex('gift_links_reader_created_idx').on('gift_links').columns(['reader_id', 'created_at']).execute();
  await db.schema.createIndex('gift_links_article_idx').on('gift_links').column('article_id').execute();

  // The browsers a link has admitted: the key makes a second row for one browser impossible.
  await db.schema
    .createTable('gift_link_readers')
    .addColumn('link_id', 'text', (c) => c.notNull().references('gift_links.id').onDelete('cascade'))
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('admitted_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('gift_link_readers_pk', ['link_id', 'browser_hash'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['gift_link_readers', 'gift_links']) await db.schema.dropTable(t).execute();
}
