// The audit trail: one row for every change made through the staff's pages (/admin) or the
// Admin API that succeeded: who (a staff member; for the API, the key's owner, or the person
// who made a key that has no owner), through what (a session or an API key), what (method,
// route pattern, the target's id) and when. Rows are only ever added.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL;
// timestamp columns end in `_at` (the SQLite driver edge turns exactly those back into Dates).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const ts = pg ? sql`timestamptz` : sql`text`;
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', ts, (c) => c.notNull())
    // 'staff' (actor_id is a staff id) or 'cli' (a key made on the command line: actor_id is its maker).
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    // The name at the time, so the trail still reads after a rename.
    .addColumn('actor_name', 'text', (c) => c.notNull())
    // 'admin' (a staff session) or 'api' (an API key, whose id is api_key_id).
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('api_key_id', 'text')
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text')
    .addColumn('status', 'integer', (c) => c.notNull())
    .execute();
  // Newest first, in pages: the trail's one question.
  await db.schema.createIndex('audit_events_at_idx').on('audit_events').columns(['occurred_at', 'id']).execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_id', 'occurred_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('audit_events').execute();
}
