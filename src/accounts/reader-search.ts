/**
 * Finding readers by address, for the Admin API's reader search (the business role). Read-only;
 * a reader's whole record comes from `accounts.findReaderById`.
 */
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface ReaderListRow {
  id: string;
  email: string;
  name: string;
  emailVerifiedAt: Date | null;
  createdAt: Date;
  closedAt: Date | null;
}

/** `%`, `_` and the escape itself match only themselves in a LIKE pattern. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Readers whose address contains `email` (any case: addresses are stored lower case), newest
 * first, a page at a time, and how many match in all.
 */
async function searchReaders(db: Db, q: ReaderSearchQuery): Promise<{ rows: ReaderListRow[]; total: number }> {
  let base = db.selectFrom('readers');
  if (q.email) base = base.where(sql<boolean>`email like ${`%${likeLiteral(q.email.trim().toLowerCase())}%`} escape ${sql.lit('\\')}`);
  const [rows, count] = await Promise.all([
    base
      .select(['id', 'email', 'name', 'email_verified_at', 'created_at', 'closed_at'])
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.perPage)
      .offset((q.page - 1) * q.perPage)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    rows: rows.map((r) => ({
      id: r.id,
      email: r.email,
      name: r.name,
      emailVerifiedAt: r.email_verified_at,
      createdAt: r.created_at,
      closedAt: r.closed_at,
    })),
    total: Number(count.n),
  };
}

export interface ReaderSearchQuery {
  /** Part of the address, any case; absent or empty lists every reader. */
  email?: string | undefined;
  page: number;
  perPage: number;
}

/** The reader search over one database. */
export function createReaderSearch(deps: { db: Db }) {
  return {
    /** Readers whose address contains `email`, newest first, a page at a time, and how many match in all. */
    search: (q: ReaderSearchQuery) => searchReaders(deps.db, q),
  };
}
export type ReaderSearch = ReturnType<typeof createReaderSearch>;
