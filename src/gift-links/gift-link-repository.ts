/** All SQL of gift links. Plain functions taking the database (or a transaction) first. */
import { PostgresAdapter, sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface GiftLinkRow {
  id: string;
  reader_id: string;
  article_id: string;
  created_at: Date;
  expires_at: Date;
  max_readers: number;
  revoked_at: Date | null;
  reads_per_reader: number;
}

export interface GiftLinkListRow extends GiftLinkRow {
  readers: number;
}

const isPostgres = (db: Db) => db.getExecutor().adapter instanceof PostgresAdapter;

export async function insertGiftLink(db: Db, row: Omit<GiftLinkRow, 'revoked_at'>): Promise<void> {
  await db
    .insertInto('gift_links')
    .values({ ...row, revoked_at: null })
    .execute();
}

/**
 * Serialises one reader's link-making until the transaction ends, so two requests at once cannot
 * both take the month's last link. PostgreSQL: a transaction-level advisory lock on the reader
 * (hashtextextended exists from PostgreSQL 11). SQLite: a process's transactions already run one
 * at a time, and a second process's write fails with SQLITE_BUSY rather than passing the limit.
 */
export async function lockReaderGiftLinks(db: Db, readerId: string): Promise<void> {
  if (!isPostgres(db)) return;
  await sql`select pg_advisory_xact_lock(hashtextextended(${`gift-links:${readerId}`}, 0))`.execute(db);
}

export async function countGiftLinksMadeBetween(db: Db, readerId: string, from: Date, to: Date): Promise<number> {
  const r = await db
    .selectFrom('gift_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('reader_id', '=', readerId)
    .where('created_at', '>=', from)
    .where('created_at', '<', to)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function findGiftLink(db: Db, id: string): Promise<GiftLinkRow | undefined> {
  return db.selectFrom('gift_links').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The reader's links, newest first, each with how many browsers it has admitted. */
export async function listGiftLinksOf(db: Db, readerId: string, limit: number): Promise<GiftLinkListRow[]> {
  const rows = await db
    .selectFrom('gift_links as l')
    .selectAll('l')
    .select((eb) =>
      eb
        .selectFrom('gift_link_readers as r')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('r.link_id', '=', 'l.id')
        .as('readers'),
    )
    .where('l.reader_id', '=', readerId)
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, readers: Number(r.readers ?? 0) }));
}

/** Revokes one of the reader's links; false when the reader has no such link. Revoking twice is fine. */
export async function revokeGiftLink(db: Db, readerId: string, id: string, at: Date): Promise<boolean> {
  await db
    .updateTable('gift_links')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('reader_id', '=', readerId)
    .where('revoked_at', 'is', null)
    .execute();
  const found = await db.selectFrom('gift_links').select('id').where('id', '=', id).where('reader_id', '=', readerId).executeTakeFirst();
  return found !== undefined;
}

export async function revokeAllGiftLinksOf(db: Db, readerId: string, at: Date): Promise<void> {
  await db.updateTable('gift_links').set({ revoked_at: at }).where('reader_id', '=', readerId).where('revoked_at', 'is', null).execute();
}

export type LoadOutcome = 'ok' | 'used-up' | 'read-limit';

/**
 * One page load through a link: a browser it admitted before may load it while its place has
 * loads left (`readsPerReader`); a new browser takes a free place (its first load counted) or
 * meets 'used-up'. Run in a transaction: on PostgreSQL the link's row is locked first, so loads
 * of one link are counted one after the other (under READ COMMITTED each sees the one before);
 * on SQLite transactions already run one at a time. Gift reads are rare next to the meter's,
 * so serialising one link's loads costs nothing a reader would notice.
 */
export async function admitLoad(
  tx: Db,
  link: { id: string; maxReaders: number; readsPerReader: number },
  browserHash: string,
  at: Date,
): Promise<LoadOutcome> {
  if (isPostgres(tx)) await tx.selectFrom('gift_links').select('id').where('id', '=', link.id).forUpdate().execute();
  const existing = await tx
    .selectFrom('gift_link_readers')
    .select('reads')
    .where('link_id', '=', link.id)
    .where('browser_hash', '=', browserHash)
    .executeTakeFirst();
  if (existing) {
    if (existing.reads >= link.readsPerReader) return 'read-limit';
    await tx
      .updateTable('gift_link_readers')
      .set((eb) => ({ reads: eb('reads', '+', 1) }))
      .where('link_id', '=', link.id)
      .where('browser_hash', '=', browserHash)
      .execute();
    return 'ok';
  }
  const r = await tx
    .selectFrom('gift_link_readers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('link_id', '=', link.id)
    .executeTakeFirstOrThrow();
  if (Number(r.n) >= link.maxReaders) return 'used-up';
  await tx.insertInto('gift_link_readers').values({ link_id: link.id, browser_hash: browserHash, admitted_at: at, reads: 1 }).execute();
  return 'ok';
}
