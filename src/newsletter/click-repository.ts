/**
 * The SQL of click counting (click-tracking.ts): an edition's links as it went out
 * (`newsletter_links`), and a click on one of them — the link's total always, its unique count
 * when it is the recipient's first click on that link (a bit per link position on the
 * recipient's ledger row, `newsletter_deliveries.clicked_links`, set by one conditional UPDATE,
 * so two clicks at the same instant count one unique click).
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { EditionLink } from './edition-email-types.js';

export interface StoredLink extends EditionLink {
  position: number;
  clicks: number;
  uniqueClicks: number;
}

/** Writes the edition's links at positions 0… unless some sender already wrote them; answers what is stored. */
export async function saveEditionLinks(db: Db, editionId: string, links: readonly EditionLink[]): Promise<StoredLink[]> {
  if (links.length > 0)
    await db
      .insertInto('newsletter_links')
      .values(links.map((l, position) => ({ edition_id: editionId, position, kind: l.kind, label: l.label, url: l.url })))
      .onConflict((oc) => oc.columns(['edition_id', 'position']).doNothing())
      .execute();
  return listEditionLinks(db, editionId);
}

export async function listEditionLinks(db: Db, editionId: string): Promise<StoredLink[]> {
  const rows = await db
    .selectFrom('newsletter_links')
    .select(['position', 'kind', 'label', 'url', 'clicks', 'unique_clicks'])
    .where('edition_id', '=', editionId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({
    position: Number(r.position),
    kind: r.kind as EditionLink['kind'],
    label: r.label,
    url: r.url,
    clicks: Number(r.clicks),
    uniqueClicks: Number(r.unique_clicks),
  }));
}

/** The link at `position` of the edition of `editionDate`, if both exist. */
export async function findEditionLink(
  db: Db,
  editionDate: string,
  position: number,
): Promise<{ editionId: string; url: string } | undefined> {
  const r = await db
    .selectFrom('newsletter_links as l')
    .innerJoin('newsletter_editions as e', 'e.id', 'l.edition_id')
    .select(['l.edition_id', 'l.url'])
    .where('e.edition_date', '=', editionDate)
    .where('l.position', '=', position)
    .executeTakeFirst();
  return r && { editionId: r.edition_id, url: r.url };
}

/**
 * Counts a click of the recipient on the link at `position` (0–61); true when it was their first
 * on that link (a unique click). A reader with no ledger row for the edition adds to the total only.
 */
export async function recordClick(db: Db, editionId: string, readerId: string, position: number): Promise<boolean> {
  const bit = sql<number>`(CAST(1 AS BIGINT) << CAST(${position} AS INTEGER))`;
  return db.transaction().execute(async (tx) => {
    const first = await tx
      .updateTable('newsletter_deliveries')
      .set({ clicked_links: sql<number>`clicked_links | ${bit}` })
      .where('edition_id', '=', editionId)
      .where('reader_id', '=', readerId)
      .where(sql<number>`clicked_links & ${bit}`, '=', 0)
      .executeTakeFirst();
    const unique = Number(first.numUpdatedRows) > 0;
    await tx
      .updateTable('newsletter_links')
      .set((eb) => ({
        clicks: eb('clicks', '+', 1),
        unique_clicks: eb('unique_clicks', '+', unique ? 1 : 0),
      }))
      .where('edition_id', '=', editionId)
      .where('position', '=', position)
      .execute();
    return unique;
  });
}

/** Recipients of the edition who clicked at least one of its links. */
export async function countClickers(db: Db, editionId: string): Promise<number> {
  const r = await db
    .selectFrom('newsletter_deliveries')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('edition_id', '=', editionId)
    .where('clicked_links', '<>', 0)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
