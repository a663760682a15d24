import type { Selectable } from 'kysely';
import type { AuthorTable, Db } from '../db/database.js';

export interface Author {
  id: string;
  slug: string;
  name: string;
  bio: string;
  photoImageId: string | null;
}

const toAuthor = (r: Selectable<AuthorTable>): Author => ({
  id: r.id,
  slug: r.slug,
  name: r.name,
  bio: r.bio,
  photoImageId: r.photo_image_id,
});

export async function listAuthors(db: Db): Promise<Author[]> {
  return (await db.selectFrom('authors').selectAll().orderBy('name').execute()).map(toAuthor);
}

export async function findAuthorBySlug(db: Db, slug: string): Promise<Author | undefined> {
  const r = await db.selectFrom('authors').selectAll().where('slug', '=', slug).executeTakeFirst();
  return r ? toAuthor(r) : undefined;
}

export async function findAuthorsBySlugs(db: Db, slugs: readonly string[]): Promise<Author[]> {
  if (slugs.length === 0) return [];
  return (
    await db
      .selectFrom('authors')
      .selectAll()
      .where('slug', 'in', [...slugs])
      .execute()
  ).map(toAuthor);
}

export async function insertAuthor(db: Db, a: Author, at: Date): Promise<void> {
  await db
    .insertInto('authors')
    .values({ id: a.id, slug: a.slug, name: a.name, bio: a.bio, photo_image_id: a.photoImageId, created_at: at, updated_at: at })
    .execute();
}

export async function updateAuthor(db: Db, id: string, a: Partial<Omit<Author, 'id'>>, at: Date): Promise<void> {
  await db
    .updateTable('authors')
    .set({
      ...(a.slug !== undefined && { slug: a.slug }),
      ...(a.name !== undefined && { name: a.name }),
      ...(a.bio !== undefined && { bio: a.bio }),
      ...(a.photoImageId !== undefined && { photo_image_id: a.photoImageId }),
      updated_at: at,
    })
    .where('id', '=', id)
    .execute();
}

export async function deleteAuthor(db: Db, id: string): Promise<void> {
  await db.deleteFrom('authors').where('id', '=', id).execute();
}

export async function countArticlesByAuthor(db: Db, id: string): Promise<number> {
  const r = await db
    .selectFrom('article_authors')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_id', '=', id)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Whether an image exists, for an author's photo (`authors.photo_image_id` refers to `images`). */
export async function imageExists(db: Db, id: string): Promise<boolean> {
  return (await db.selectFrom('images').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}
