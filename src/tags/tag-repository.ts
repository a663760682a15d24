import type { Db } from '../db/database.js';

export interface Tag {
  id: string;
  slug: string;
  name: string;
}

export async function listTags(db: Db): Promise<Tag[]> {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).orderBy('name').execute();
}

export async function findTagBySlug(db: Db, slug: string): Promise<Tag | undefined> {
  return db.selectFrom('tags').select(['id', 'slug', 'name']).where('slug', '=', slug).executeTakeFirst();
}

export async function findTagsBySlugs(db: Db, slugs: readonly string[]): Promise<Tag[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom('tags')
    .select(['id', 'slug', 'name'])
    .where('slug', 'in', [...slugs])
    .execute();
}

export async function insertTag(db: Db, t: Tag, at: Date): Promise<void> {
  await db
    .insertInto('tags')
    .values({ ...t, created_at: at })
    .execute();
}

export async function updateTag(db: Db, id: string, t: Partial<Omit<Tag, 'id'>>): Promise<void> {
  await db.updateTable('tags').set(t).where('id', '=', id).execute();
}

export async function deleteTag(db: Db, id: string): Promise<void> {
  await db.deleteFrom('tags').where('id', '=', id).execute();
}
