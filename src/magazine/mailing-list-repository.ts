/**
 * All SQL of the magazine's mailing list: the rows of one run, sorted by the database (tables
 * `magazine_mailing_rows`), and the ledger of the emails asking readers to complete their
 * address (`magazine_address_requests`).
 */
import type { Db } from '../db/database.js';

export type MailingListKind = 'copy' | 'incomplete';

export interface MailingRowInput {
  list: MailingListKind;
  country: string;
  postcode: string;
  readerId: string;
  cells: string[];
}

export async function insertMailingRows(db: Db, runId: string, rows: readonly MailingRowInput[], at: Date): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('magazine_mailing_rows')
    .values(
      rows.map((r) => ({
        run_id: runId,
        list: r.list,
        country: r.country,
        postcode: r.postcode,
        reader_id: r.readerId,
        cells: JSON.stringify(r.cells),
        created_at: at,
      })),
    )
    .execute();
}

export interface MailingRowKey {
  country: string;
  postcode: string;
  readerId: string;
}

/** A page of a run's list in order (country, postcode, reader), after `after`. */
export async function listMailingRows(
  db: Db,
  runId: string,
  list: MailingListKind,
  after: MailingRowKey | undefined,
  limit: number,
): Promise<(MailingRowKey & { cells: string[] })[]> {
  let q = db
    .selectFrom('magazine_mailing_rows')
    .select(['country', 'postcode', 'reader_id', 'cells'])
    .where('run_id', '=', runId)
    .where('list', '=', list);
  if (after)
    q = q.where((eb) => eb(eb.refTuple('country', 'postcode', 'reader_id'), '>', eb.tuple(after.country, after.postcode, after.readerId)));
  const rows = await q.orderBy('country').orderBy('postcode').orderBy('reader_id').limit(limit).execute();
  return rows.map((r) => ({ country: r.country, postcode: r.postcode, readerId: r.reader_id, cells: parseCells(r.cells) }));
}

function parseCells(text: string): string[] {
  const v: unknown = JSON.parse(text);
  return Array.isArray(v) ? v.map((c) => (typeof c === 'string' ? c : String(c))) : [];
}

/** Forgets a run's rows (at its end), and those of runs that died before theirs (older than `before`). */
export async function deleteMailingRows(db: Db, runId: string, before: Date): Promise<void> {
  await db.deleteFrom('magazine_mailing_rows').where('run_id', '=', runId).execute();
  await db.deleteFrom('magazine_mailing_rows').where('created_at', '<', before).execute();
}

/**
 * Claims the one email of this edition that asks this reader to complete their address: true
 * when this call took it, false when it was claimed before (sent, or on its way in another run).
 */
export async function claimAddressRequest(db: Db, editionId: string, readerId: string, at: Date): Promise<boolean> {
  const r = await db
    .insertInto('magazine_address_requests')
    .values({ edition_id: editionId, reader_id: readerId, claimed_at: at, sent_at: null })
    .onConflict((oc) => oc.columns(['edition_id', 'reader_id']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export async function markAddressRequestSent(db: Db, editionId: string, readerId: string, at: Date): Promise<void> {
  await db
    .updateTable('magazine_address_requests')
    .set({ sent_at: at })
    .where('edition_id', '=', editionId)
    .where('reader_id', '=', readerId)
    .execute();
}

/** Gives a claim back after a send that failed, so the next run tries again. */
export async function releaseAddressRequest(db: Db, editionId: string, readerId: string): Promise<void> {
  await db
    .deleteFrom('magazine_address_requests')
    .where('edition_id', '=', editionId)
    .where('reader_id', '=', readerId)
    .where('sent_at', 'is', null)
    .execute();
}
