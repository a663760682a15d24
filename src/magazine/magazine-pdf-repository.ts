/** All of the SQL of the editions' PDFs: one row per edition and trim (migration magazine_pdfs). */
import type { Selectable } from 'kysely';
import type { Db, MagazinePdfTable } from '../db/database.js';
import { isPdfStatus, type StoredPdf } from './magazine-pdf.js';
import { isTrim } from './pdf/trims.js';

function pdfOf(row: Selectable<MagazinePdfTable>): StoredPdf | undefined {
  if (!isTrim(row.trim_size)) return undefined;
  return {
    editionId: row.edition_id,
    trim: row.trim_size,
    // A status edited by hand outside the list is read as failed: it can be asked for again.
    status: isPdfStatus(row.status) ? row.status : 'failed',
    storageKey: row.storage_key,
    bytes: row.bytes === null ? null : Number(row.bytes),
    error: row.error,
    warnings: row.warnings === '' ? [] : row.warnings.split('\n'),
    requestedAt: row.requested_at,
    requestedBy: row.requested_by,
    madeAt: row.made_at,
  };
}

export async function findPdf(db: Db, editionId: string, trim: string): Promise<StoredPdf | undefined> {
  const row = await db
    .selectFrom('magazine_pdfs')
    .selectAll()
    .where('edition_id', '=', editionId)
    .where('trim_size', '=', trim)
    .executeTakeFirst();
  return row ? pdfOf(row) : undefined;
}

/** Every trim's PDF of these editions. */
export async function listPdfs(db: Db, editionIds: readonly string[]): Promise<StoredPdf[]> {
  if (editionIds.length === 0) return [];
  const rows = await db
    .selectFrom('magazine_pdfs')
    .selectAll()
    .where('edition_id', 'in', [...editionIds])
    .orderBy('edition_id')
    .orderBy('trim_size')
    .execute();
  return rows.flatMap((r) => pdfOf(r) ?? []);
}

/** A new request: true when this call made the row (a second request at the same moment makes none). */
export async function insertPendingPdf(db: Db, p: { editionId: string; trim: string; at: Date; by: string }): Promise<boolean> {
  const r = await db
    .insertInto('magazine_pdfs')
    .values({ edition_id: p.editionId, trim_size: p.trim, status: 'pending', requested_at: p.at, requested_by: p.by })
    .onConflict((oc) => oc.columns(['edition_id', 'trim_size']).doNothing())
    .executeTakeFirst();
  return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Asked for again: it failed, its made file has gone from storage, or it has been pending since
 * before `requestedBefore` (stalled: its job was lost). True when this call turned it back to
 * pending; of two calls at once only one does (the second finds it pending since just now).
 */
export async function requeuePdf(
  db: Db,
  p: { editionId: string; trim: string; at: Date; by: string } & (
    | { from: 'failed' | 'ready' }
    | { from: 'pending'; requestedBefore: Date }
  ),
): Promise<boolean> {
  let update = db
    .updateTable('magazine_pdfs')
    .set({ status: 'pending', error: null, storage_key: null, bytes: null, made_at: null, requested_at: p.at, requested_by: p.by })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where('status', '=', p.from);
  if (p.from === 'pending') update = update.where('requested_at', '<=', p.requestedBefore);
  const r = await update.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function markPdfReady(
  db: Db,
  p: { editionId: string; trim: string; storageKey: string; bytes: number; warnings: readonly string[]; at: Date },
): Promise<void> {
  await db
    .updateTable('magazine_pdfs')
    .set({ status: 'ready', storage_key: p.storageKey, bytes: p.bytes, warnings: p.warnings.join('\n'), error: null, made_at: p.at })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .execute();
}

export async function markPdfFailed(db: Db, p: { editionId: string; trim: string; error: string; at: Date }): Promise<void> {
  await db
    .updateTable('magazine_pdfs')
    .set({ status: 'failed', error: p.error.slice(0, 2000), made_at: p.at })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where('status', '=', 'pending')
    .execute();
}
