// Click counting through first-party redirect links (issue 15), when the paper turns it on.
// - `newsletter_links`: the links of an edition as it went out (the front page, "view in
//   browser", each story), by position, written once when a counted send begins. A click link
//   carries the position, never the URL, and the redirect goes only to the URL stored here, so it
//   can never send anyone elsewhere. Total clicks and unique clicks (first click of a recipient
//   on that link) per link.
// - `newsletter_deliveries.clicked_links`: a bit per link position (at most 62) the recipient has
//   clicked, so a recipient's second click on a link counts in the total only. It lives on the
//   ledger row the edition already has for that recipient: no row per click.
// - `newsletter_clicks` (2026_12_08_0100) is dropped: it was never written, and its key (the URL)
//   could not count unique clicks.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('newsletter_clicks').execute();
  await db.schema
    .createTable('newsletter_links')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    // 'home' | 'browser' | 'story'.
    .addColumn('kind', 'text', (c) => c.notNull())
    // The story's headline as the email showed it; empty for the other kinds.
    .addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unique_clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('newsletter_links_pk', ['edition_id', 'position'])
    .execute();
  await db.schema
    .alterTable('newsletter_deliveries')
    .addColumn('clicked_links', 'bigint', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('newsletter_deliveries').dropColumn('clicked_links').execute();
  await db.schema.dropTable('newsletter_links').execute();
  await db.schema
    .createTable('newsletter_clicks')
    .addColumn('edition_id', 'text', (c) => c.notNull().references('newsletter_editions.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('newsletter_clicks_pk', ['edition_id', 'url'])
    .execute();
}
