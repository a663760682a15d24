/** All of the SQL of the editions' PDFs: one row per edition and trim (migration magazine_pdfs). */
import { type ExpressionBuilder, type Selectable, sql } from 'kysely';
import type { Database, Db, MagazinePdfTable } from '../db/database.js';
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
    buildSeenAt: row.build_seen_at,
    autoRetries: Number(row.auto_retries),
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

/** The stalled rule (magazine-pdf.ts `isStalled`) as SQL: pending since before both instants, its build silent. */
type Cutoffs = { requestedBefore: Date; silentBefore: Date };

/**
 * Asked for again by a person: it failed, its made file has gone from storage, or it has stalled
 * (see `isStalled`: its job was lost, or its build died). True when this call turned it back to
 * pending; of two calls at once only one does (the second finds it pending since just now). The
 * sweep's count of its own requests starts again.
 */
export async function requeuePdf(
  db: Db,
  p: { editionId: string; trim: string; at: Date; by: string } & ({ from: 'failed' | 'ready' } | ({ from: 'pending' } & Cutoffs)),
): Promise<boolean> {
  let update = db
    .updateTable('magazine_pdfs')
    .set({
      status: 'pending',
      error: null,
      storage_key: null,
      bytes: null,
      made_at: null,
      requested_at: p.at,
      requested_by: p.by,
      build_seen_at: null,
      auto_retries: 0,
    })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where('status', '=', p.from);
  if (p.from === 'pending') {
    const cut = { requestedBefore: p.requestedBefore, silentBefore: p.silentBefore };
    update = update.where((eb) => stalledWhere(eb, cut));
  }
  const r = await update.executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

function stalledWhere(eb: ExpressionBuilder<Database, 'magazine_pdfs'>, c: Cutoffs) {
  return eb.and([
    eb('magazine_pdfs.status', '=', 'pending'),
    eb('magazine_pdfs.requested_at', '<=', c.requestedBefore),
    eb.or([eb('magazine_pdfs.build_seen_at', 'is', null), eb('magazine_pdfs.build_seen_at', '<=', c.silentBefore)]),
  ]);
}

/** The stalled requests at the cut-offs, with their edition's number (the job's payload). */
export async function listStalledPdfs(db: Db, c: Cutoffs): Promise<{ number: number; pdf: StoredPdf }[]> {
  const rows = await db
    .selectFrom('magazine_pdfs')
    .innerJoin('magazine_editions', 'magazine_editions.id', 'magazine_pdfs.edition_id')
    .selectAll('magazine_pdfs')
    .select('magazine_editions.number as edition_number')
    .where((eb) => stalledWhere(eb, c))
    .orderBy('magazine_pdfs.requested_at')
    .execute();
  return rows.flatMap(({ edition_number, ...row }) => {
    const pdf = pdfOf(row);
    return pdf ? [{ number: Number(edition_number), pdf }] : [];
  });
}

/**
 * Asked for again by the worker's sweep: pending from `at`, no build heard from; the count of its
 * own requests grows when a build had begun (a request whose job never started costs no build).
 * True when this call did it: of two sweeps at once only one does.
 */
export async function retryStalledPdf(db: Db, p: { editionId: string; trim: string; at: Date } & Cutoffs): Promise<boolean> {
  const r = await db
    .updateTable('magazine_pdfs')
    .set((eb) => ({
      requested_at: p.at,
      build_seen_at: null,
      auto_retries: sql<number>`${eb.ref('auto_retries')} + case when ${eb.ref('build_seen_at')} is null then 0 else 1 end`,
    }))
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where((eb) => stalledWhere(eb, p))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Given up by the sweep: failed with `error`, for a person to ask again. True when this call did it. */
export async function giveUpStalledPdf(
  db: Db,
  p: { editionId: string; trim: string; at: Date; error: string } & Cutoffs,
): Promise<boolean> {
  const r = await db
    .updateTable('magazine_pdfs')
    .set({ status: 'failed', error: p.error.slice(0, 2000), made_at: p.at })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where((eb) => stalledWhere(eb, p))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The build under way says it is running (at its start, then every PDF_HEARTBEAT_MS); nothing once it is no longer pending. */
export async function markPdfBuilding(db: Db, p: { editionId: string; trim: string; at: Date }): Promise<void> {
  await db
    .updateTable('magazine_pdfs')
    .set({ build_seen_at: p.at })
    .where('edition_id', '=', p.editionId)
    .where('trim_size', '=', p.trim)
    .where('status', '=', 'pending')
    .execute();
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
