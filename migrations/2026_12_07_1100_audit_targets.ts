// The audit trail names what a change acted on: the kind of thing (`story`, `staff`, `page`…)
// and its human name at the time (headline, staff name, page title), beside its id. Indexes for
// the trail's filters, each ending in (occurred_at, id) so a filtered page is a keyset range.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('target_kind', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('target_name', 'text').execute();
  await db.schema.dropIndex('audit_events_actor_idx').execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_id', 'occurred_at', 'id']).execute();
  await db.schema.createIndex('audit_events_kind_idx').on('audit_events').columns(['target_kind', 'occurred_at', 'id']).execute();
  await db.schema.createIndex('audit_events_route_idx').on('audit_events').columns(['route', 'occurred_at', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('audit_events_route_idx').execute();
  await db.schema.dropIndex('audit_events_kind_idx').execute();
  await db.schema.dropIndex('audit_events_actor_idx').execute();
  await db.schema.createIndex('audit_events_actor_idx').on('audit_events').columns(['actor_id', 'occurred_at']).execute();
  await db.schema.alterTable('audit_events').dropColumn('target_name').execute();
  await db.schema.alterTable('audit_events').dropColumn('target_kind').execute();
}
