/** Reader counts for reports (the funnel, src/funnel/): numbers, never rows or addresses. */
import type { Db } from '../db/database.js';
import { tallyByDay } from '../time/local-time.js';

/** Readers who registered in [from, to), counted per local day as `dayOf` names it; days with none are absent. */
export async function countReadersRegisteredByDay(
  db: Db,
  q: { from: Date; to: Date; dayOf: (at: Date) => string },
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('readers')
    .select('created_at')
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to)
    .execute();
  return tallyByDay(
    rows.map((r) => r.created_at),
    q.dayOf,
  );
}
