/** All SQL of the import's own table: the addresses a run has seen, with the line of each. */
import type { Db } from '../db/database.js';

/** The line each of `emails` was first seen on in this run, for those already seen. */
export async function findSeenLines(db: Db, runId: string, emails: readonly string[]): Promise<Map<string, number>> {
  if (emails.length === 0) return new Map();
  const rows = await db
    .selectFrom('reader_import_lines')
    .select(['email', 'line'])
    .where('run_id', '=', runId)
    .where('email', 'in', emails)
    .execute();
  return new Map(rows.map((r) => [r.email, Number(r.line)]));
}

export async function insertSeenLines(db: Db, runId: string, seen: readonly { email: string; line: number }[], at: Date): Promise<void> {
  if (seen.length === 0) return;
  await db
    .insertInto('reader_import_lines')
    .values(seen.map((s) => ({ run_id: runId, email: s.email, line: s.line, seen_at: at })))
    .execute();
}

/** Forgets a run's addresses (at its end), and those of runs that died before `staleBefore`. */
export async function deleteSeenLines(db: Db, runId: string, staleBefore: Date): Promise<void> {
  await db
    .deleteFrom('reader_import_lines')
    .where((eb) => eb.or([eb('run_id', '=', runId), eb('seen_at', '<', staleBefore)]))
    .execute();
}
