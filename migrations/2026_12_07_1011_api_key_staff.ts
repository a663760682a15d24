// A staff member's own API keys: the key names its owner (`staff_id`), so what it saves and
// what the audit trail records names the person. Keys made on the command line have none.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('staff_id', 'text').execute();
  await db.schema.createIndex('api_keys_staff_id_idx').on('api_keys').column('staff_id').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('api_keys_staff_id_idx').execute();
  await db.schema.alterTable('api_keys').dropColumn('staff_id').execute();
}
