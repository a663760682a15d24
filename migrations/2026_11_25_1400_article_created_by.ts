// Who created each article (writers may edit only the drafts they created). Nullable:
// bulk imports record nobody. Existing articles take the `saved_by` of their first revision.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').addColumn('created_by', 'text').execute();
  await sql`update articles set created_by = (
    select r.saved_by from article_revisions r where r.article_id = articles.id and r.version = 1
  )`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('created_by').execute();
}
