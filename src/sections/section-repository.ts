import type { Selectable } from 'kysely';
import type { Db, SectionTable } from '../db/database.js';

export type SectionRow = Selectable<SectionTable>;

export interface Section {
  id: string;
  slug: string;
  name: string;
  description: string;
  position: number;
}

const toSection = (r: SectionRow): Section => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  description: r.description,
  position: r.position,
});

export async function listSections(db: Db): Promise<Section[]> {
  const rows = await db.selectFrom('sections').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map(toSection);
}

export async function findSectionBySlug(db: Db, slug: string): Promise<Section | undefined> {
  const r = await db.selectFrom('sections').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toSection(r) : undefined;
}

export async function findSectionById(db: Db, id: string): Promise<Section | undefined> {
  const r = await db.selectFrom('sections').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toSection(r) : undefined;
}

export async function insertSection(db: Db, s: Section, at: Date): Promise<void> {
  await db
    .insertInto('sections')
    .values({ ...s, created_at: at, updated_at: at })
    .execute();
}

export async function updateSection(db: Db, id: string, s: Partial<Omit<Section, 'id'>>, at: Date): Promise<void> {
  await db
    .updateTable('sections')
    .set({ ...s, updated_at: at })
    .where('id', '=', id)
    .execute();
}

export async function deleteSection(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sections').where('id', '=', id).execute();
}

export async function countArticlesInSection(db: Db, id: string): Promise<number> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('section_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function maxSectionPosition(db: Db): Promise<number> {
  const r = await db
    .selectFrom('sections')
    .select((eb) => eb.fn.max<number>('position').as('m'))
    .executeTakeFirst();
  return Number(r?.m ?? -1);
}
