// The audit trail names what a change acted on: the kind of thing (`story`, `staff`, `page`…)
// and its human name at the time (headline, staff name, page title), beside its id. Indexes for
// the trail's filters, each ending in (occurred_at, id) so a filtered page is a keyset range.
// Frozen in time: imports nothing from src/. The same statements run on SQLite and PostgreSQL.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('audit_events').addColumn('target_kind', 'text').execute();
  await db.schema.alterTable('audit_events').addColumn('target_name', 'text').execute();
  // Earlier entries get their kind from their route, so the kind filter finds them too (their
  // names were not kept: they show the id alone).
  const kinds: [string, string][] = [
    ['stories', 'story'],
    ['articles', 'story'],
    ['fronts', 'front'],
    ['pages', 'page'],
    ['staff', 'staff'],
    ['keys', 'key'],
    ['images', 'picture'],
    ['sections', 'section'],
    ['authors', 'author'],
    ['tags', 'tag'],
    ['plans', 'plan'],
    ['offers', 'offer'],
    ['readers', 'reader'],
    ['meter', 'meter'],
  ];
  for (const [segment, kind] of kinds) {
    await sql`update audit_events set target_kind = ${kind}
      where target_kind is null and (route like ${`% /admin/${segment}`} or route like ${`% /admin/${segment}/%`}
        or route like ${`% /api/v1/admin/${segment}`} or route like ${`% /api/v1/admin/${segment}/%`})`.execute(db);
  }
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
