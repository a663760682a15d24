// Group licences as the business office sells them: a term (`valid_until`, a calendar date in the
// paper's time zone: the licence grants nothing after that day ends; null: no end) and a contact
// at the organisation (name and email; empty strings when not known). Frozen in time: imports
// nothing from src/. The same statements run on SQLite and PostgreSQL 15.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('organisations').addColumn('valid_until', 'text').execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .alterTable('organisations')
    .addColumn('contact_email', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['contact_email', 'contact_name', 'valid_until']) await db.schema.alterTable('organisations').dropColumn(c).execute();
}
