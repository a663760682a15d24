// Signed preview links to a story (the desk's "copy preview link"): each link is an HMAC over the
// story, an expiry and this per-story secret, so an editor can revoke every link of one story at
// once by replacing its secret. A story without a row has no links yet. Deleting the story
// deletes its secret. Frozen in time: imports nothing from src/. The same statements run on
// SQLite and PostgreSQL 15. Timestamp columns end in `_at` (the SQLite driver edge turns them into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('story_preview_secrets')
    .addColumn('article_id', 'text', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('rotated_at', ts, (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('story_preview_secrets').execute();
}
