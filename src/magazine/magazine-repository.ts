/** All of the magazine's SQL: editions, their stories in order, and a frozen edition's snapshot. */
import type { Selectable } from 'kysely';
import { type Db, type MagazineEditionTable, parseJsonColumn } from '../db/database.js';
import { type EditionContent, isMagazineStatus, type MagazineEdition, type MagazineStatus } from './magazine.js';

type EditionRow = Selectable<MagazineEditionTable>;

function editionOf(row: EditionRow, storyIds: string[]): MagazineEdition {
  return {
    id: row.id,
    number: row.number,
    volume: row.volume,
    issue: row.issue,
    weekOf: row.week_of,
    coverDate: row.cover_date,
    coverArticleId: row.cover_article_id,
    coverImageId: row.cover_image_id,
    editorNote: row.editor_note,
    // A status edited by hand outside the list is read as frozen: nothing changes it then.
    status: isMagazineStatus(row.status) ? row.status : 'frozen',
    frozenAt: row.frozen_at,
    storyIds,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}

async function storyIdsOf(db: Db, editionIds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(editionIds.map((id) => [id, []]));
  if (editionIds.length === 0) return out;
  const rows = await db
    .selectFrom('magazine_edition_stories')
    .select(['edition_id', 'article_id'])
    .where('edition_id', 'in', [...editionIds])
    .orderBy('edition_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.get(r.edition_id)?.push(r.article_id);
  return out;
}

export async function findEditionByNumber(db: Db, number: number): Promise<MagazineEdition | undefined> {
  const row = await db.selectFrom('magazine_editions').selectAll().where('number', '=', number).executeTakeFirst();
  if (!row) return undefined;
  return editionOf(row, (await storyIdsOf(db, [row.id])).get(row.id) ?? []);
}

export async function findEditionByWeek(db: Db, weekOf: string): Promise<MagazineEdition | undefined> {
  const row = await db.selectFrom('magazine_editions').selectAll().where('week_of', '=', weekOf).executeTakeFirst();
  if (!row) return undefined;
  return editionOf(row, (await storyIdsOf(db, [row.id])).get(row.id) ?? []);
}

/** Editions, the newest number first; only those of `status` when it is given. */
export async function listEditions(db: Db, limit: number, status?: MagazineStatus): Promise<MagazineEdition[]> {
  let q = db.selectFrom('magazine_editions').selectAll();
  if (status) q = q.where('status', '=', status);
  const rows = await q.orderBy('number', 'desc').limit(limit).execute();
  const stories = await storyIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => editionOf(r, stories.get(r.id) ?? []));
}

/** Every edition's numbering, for the next one's. */
export async function listNumberings(db: Db): Promise<{ number: number; volume: number; coverDate: string }[]> {
  const rows = await db.selectFrom('magazine_editions').select(['number', 'volume', 'cover_date']).execute();
  return rows.map((r) => ({ number: r.number, volume: r.volume, coverDate: r.cover_date }));
}

export interface NewEditionRow {
  id: string;
  number: number;
  volume: number;
  issue: number;
  weekOf: string;
  coverDate: string;
  coverArticleId: string | null;
  storyIds: readonly string[];
  at: Date;
  by: string;
}

export async function insertEdition(db: Db, e: NewEditionRow): Promise<void> {
  await db
    .insertInto('magazine_editions')
    .values({
      id: e.id,
      number: e.number,
      volume: e.volume,
      issue: e.issue,
      week_of: e.weekOf,
      cover_date: e.coverDate,
      cover_article_id: e.coverArticleId,
      cover_image_id: null,
      created_at: e.at,
      updated_at: e.at,
      updated_by: e.by,
    })
    .execute();
  await replaceStories(db, e.id, e.storyIds);
}

export async function replaceStories(db: Db, editionId: string, storyIds: readonly string[]): Promise<void> {
  await db.deleteFrom('magazine_edition_stories').where('edition_id', '=', editionId).execute();
  if (storyIds.length === 0) return;
  await db
    .insertInto('magazine_edition_stories')
    .values(storyIds.map((articleId, position) => ({ edition_id: editionId, article_id: articleId, position })))
    .execute();
}

export interface EditionChanges {
  coverDate?: string | undefined;
  coverArticleId?: string | null | undefined;
  coverImageId?: string | null | undefined;
  editorNote?: string | undefined;
}

/**
 * Changes a draft when its version is still `version`: false when it is not (someone saved
 * first, or it was frozen meanwhile), so the caller answers a conflict and nothing changes.
 */
export async function updateDraft(db: Db, id: string, version: number, c: EditionChanges & { at: Date; by: string }): Promise<boolean> {
  const r = await db
    .updateTable('magazine_editions')
    .set({
      ...(c.coverDate !== undefined && { cover_date: c.coverDate }),
      ...(c.coverArticleId !== undefined && { cover_article_id: c.coverArticleId }),
      ...(c.coverImageId !== undefined && { cover_image_id: c.coverImageId }),
      ...(c.editorNote !== undefined && { editor_note: c.editorNote }),
      version: version + 1,
      updated_at: c.at,
      updated_by: c.by,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Freezes a draft with what it prints; false when it was no longer that draft. */
export async function freezeEdition(
  db: Db,
  id: string,
  version: number,
  f: { content: EditionContent; at: Date; by: string },
): Promise<boolean> {
  const r = await db
    .updateTable('magazine_editions')
    .set({
      status: 'frozen',
      frozen_at: f.at,
      snapshot: JSON.stringify(f.content),
      version: version + 1,
      updated_at: f.at,
      updated_by: f.by,
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'draft')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** A frozen edition's content as stored when it was frozen; undefined for a draft. */
export async function findSnapshot(db: Db, id: string): Promise<EditionContent | undefined> {
  const row = await db.selectFrom('magazine_editions').select('snapshot').where('id', '=', id).executeTakeFirst();
  if (!row || row.snapshot === null || row.snapshot === undefined) return undefined;
  return parseJsonColumn(row.snapshot) as EditionContent;
}
