/** All of the newsletter's SQL: editions, their stories in order, and the count of test sends. */
import type { Selectable } from 'kysely';
import type { Db, NewsletterEditionTable } from '../db/database.js';
import { type Edition, type EditionStatus, isEditionStatus } from './edition.js';

type EditionRow = Selectable<NewsletterEditionTable>;

function editionOf(row: EditionRow, storyIds: string[]): Edition {
  return {
    id: row.id,
    date: row.edition_date,
    subject: row.subject,
    intro: row.intro,
    // A status edited by hand outside the list is read as held: nothing sends it.
    status: isEditionStatus(row.status) ? row.status : 'held',
    sendAt: row.send_at,
    sentAt: row.sent_at,
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
    .selectFrom('newsletter_edition_stories')
    .select(['edition_id', 'article_id'])
    .where('edition_id', 'in', editionIds)
    .orderBy('edition_id')
    .orderBy('position')
    .execute();
  for (const r of rows) out.get(r.edition_id)?.push(r.article_id);
  return out;
}

export async function findEditionByDate(db: Db, date: string): Promise<Edition | undefined> {
  const row = await db.selectFrom('newsletter_editions').selectAll().where('edition_date', '=', date).executeTakeFirst();
  if (!row) return undefined;
  return editionOf(row, (await storyIdsOf(db, [row.id])).get(row.id) ?? []);
}

/** Editions, newest date first; `before` pages on (dates before it). */
export async function listEditions(db: Db, f: { status?: EditionStatus | undefined; before?: string | undefined; limit: number }) {
  let q = db.selectFrom('newsletter_editions').selectAll().orderBy('edition_date', 'desc').limit(f.limit);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.before) q = q.where('edition_date', '<', f.before);
  const rows = await q.execute();
  const stories = await storyIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => editionOf(r, stories.get(r.id) ?? []));
}

/**
 * Inserts the edition unless its date has one already: true when this call made it. Its stories
 * go in only then, in the caller's transaction, so two assemblies of one date make one edition.
 */
export async function insertEditionIfAbsent(db: Db, e: Edition): Promise<boolean> {
  const made = await db
    .insertInto('newsletter_editions')
    .values({
      id: e.id,
      edition_date: e.date,
      subject: e.subject,
      intro: e.intro,
      status: e.status,
      send_at: e.sendAt,
      sent_at: e.sentAt,
      version: e.version,
      created_at: e.createdAt,
      updated_at: e.updatedAt,
      updated_by: e.updatedBy,
    })
    .onConflict((oc) => oc.column('edition_date').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!made) return false;
  await replaceStories(db, e.id, e.storyIds);
  return true;
}

async function replaceStories(db: Db, editionId: string, storyIds: readonly string[]): Promise<void> {
  await db.deleteFrom('newsletter_edition_stories').where('edition_id', '=', editionId).execute();
  if (storyIds.length === 0) return;
  await db
    .insertInto('newsletter_edition_stories')
    .values(storyIds.map((article_id, position) => ({ edition_id: editionId, article_id, position })))
    .execute();
}

/**
 * Writes an editor's change if the edition is still at `version` (true), in the caller's
 * transaction; false when someone else changed it first.
 */
export async function updateEdition(
  db: Db,
  e: Pick<Edition, 'id' | 'subject' | 'intro' | 'status' | 'sendAt' | 'storyIds' | 'updatedAt' | 'updatedBy'>,
  version: number,
): Promise<boolean> {
  const r = await db
    .updateTable('newsletter_editions')
    .set({
      subject: e.subject,
      intro: e.intro,
      status: e.status,
      send_at: e.sendAt,
      updated_at: e.updatedAt,
      updated_by: e.updatedBy,
      version: version + 1,
    })
    .where('id', '=', e.id)
    .where('version', '=', version)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await replaceStories(db, e.id, e.storyIds);
  return true;
}

/** Scheduled editions whose send time has come, oldest first (what the sender picks up). */
export async function listDueEditions(db: Db, now: Date): Promise<{ id: string; date: string }[]> {
  const rows = await db
    .selectFrom('newsletter_editions')
    .select(['id', 'edition_date'])
    .where('status', '=', 'scheduled')
    .where('send_at', '<=', now)
    .orderBy('send_at')
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.edition_date }));
}

/** Editions being sent (a sender may have stopped half-way: the job runner finishes them). */
export async function listSendingEditions(db: Db): Promise<{ id: string; date: string }[]> {
  const rows = await db
    .selectFrom('newsletter_editions')
    .select(['id', 'edition_date'])
    .where('status', '=', 'sending')
    .orderBy('edition_date')
    .execute();
  return rows.map((r) => ({ id: r.id, date: r.edition_date }));
}

/** Moves an edition from one status to the next in one statement: true for the one caller that did it. */
export async function moveStatus(
  db: Db,
  id: string,
  from: EditionStatus,
  to: EditionStatus,
  at: Date,
  extra: { sentAt?: Date; sendAt?: Date } = {},
): Promise<boolean> {
  const r = await db
    .updateTable('newsletter_editions')
    .set((eb) => ({
      status: to,
      updated_at: at,
      updated_by: 'system',
      version: eb('version', '+', 1),
      ...(extra.sentAt ? { sent_at: extra.sentAt } : {}),
      ...(extra.sendAt ? { send_at: extra.sendAt } : {}),
    }))
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Counts one more test send of an edition in a window and returns the count, this one included. */
export async function addTestSend(db: Db, editionId: string, windowKey: string): Promise<number> {
  const row = await db
    .insertInto('newsletter_test_sends')
    .values({ edition_id: editionId, window_key: windowKey, sends: 1 })
    .onConflict((oc) =>
      oc.columns(['edition_id', 'window_key']).doUpdateSet((eb) => ({ sends: eb('newsletter_test_sends.sends', '+', 1) })),
    )
    .returning('sends')
    .executeTakeFirstOrThrow();
  return row.sends;
}
