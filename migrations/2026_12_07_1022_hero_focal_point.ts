// The hero picture's focal point (`articles.hero_focal_x`, `hero_focal_y`, 0..1 from the left and
// the top; 0.5 is the middle): where a crop of the picture keeps its subject.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['hero_focal_x', 'hero_focal_y']) {
    await db.schema
      .alterTable('articles')
      .addColumn(column, sql`double precision`, (c) => c.notNull().defaultTo(0.5))
      .execute();
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('articles').dropColumn('hero_focal_y').execute();
  await db.schema.alterTable('articles').dropColumn('hero_focal_x').execute();
}
