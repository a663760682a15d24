// The business office lists gift subscriptions newest first, a page at a time (keyset paging on
// created_at, id), filtered by where each stands. Frozen in time: imports nothing from src/.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('gifts_created_idx').on('gifts').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('gifts_created_idx').execute();
}
