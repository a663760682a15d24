// Gift links count page loads: a copied `mh_gift` cookie is the same browser to the
// link, so the places alone did not bound how often a link could be read. Each admitted browser
// now counts its page loads, up to the link's `reads_per_reader` (fixed when the link is made,
// as `max_readers` is). Rows from before start at one load; links from before get the default.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('gift_links')
    .addColumn('reads_per_reader', 'integer', (c) => c.notNull().defaultTo(10))
    .execute();
  await db.schema
    .alterTable('gift_link_readers')
    .addColumn('reads', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('gift_link_readers').dropColumn('reads').execute();
  await db.schema.alterTable('gift_links').dropColumn('reads_per_reader').execute();
}
