/** Questions about a whole table, for the processes (no feature's SQL). */
import { sql } from 'kysely';
import type { Database, Db } from './database.js';

/**
 * Whether a table holds at least one row: one index or table page read whatever its size (a
 * `count(*)` reads all of it, and a sorted listing of 100,000 articles read gigabytes at start).
 */
export async function hasRows(db: Db, table: keyof Database): Promise<boolean> {
  const row = await db.selectFrom(table).select(sql<number>`1`.as('one')).limit(1).executeTakeFirst();
  return row !== undefined;
}
