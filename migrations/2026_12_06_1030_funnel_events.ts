// The funnel: how often the meter counted an article, showed the last-free notice, the
// registration wall or the paywall, let a gift link or a crawler read, and how often a checkout
// began. Frozen in time: imports nothing from src/. The same statements run on SQLite and
// PostgreSQL 15.
//
// Counters, not raw events: one row per (local day, event type, period, section, article),
// raised by `INSERT … ON CONFLICT … DO UPDATE SET count = count + excluded.count` (both dialects
// have it: SQLite ≥ 3.24, PostgreSQL ≥ 9.5). A busy paper serves millions of metered views a
// month; raw events would grow the table by that much and every report would re-count them,
// while counters grow with (days × articles read) and a report reads a few thousand rows. The
// report needs nothing finer than a day, and nothing about the reader: no reader id, session,
// cookie or address is stored here, so the table holds nothing personal.
//
// `day` is the paper's local date (yyyy-mm-dd in MASTHEAD_TIMEZONE) when the event was recorded.
// No article or section is '' rather than NULL: NULLs never conflict in a unique key (and
// PostgreSQL's NULLS NOT DISTINCT is 15+ only, SQLite has none), so the upsert would add rows.
// The primary key starts with (day, type): a date-range report reads it as its index.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('funnel_counts')
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('section_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('article_id', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('funnel_counts_pk', ['day', 'type', 'period', 'section_id', 'article_id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('funnel_counts').ifExists().execute();
}
