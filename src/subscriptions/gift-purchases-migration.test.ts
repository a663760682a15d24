/**
 * The gift-purchases migration on both dialects, with a gift already in the table: on SQLite it
 * rebuilds `gifts` (to let `code_hash` be null), so the rows must come through whole, and down
 * must bring the old table back.
 */
import { type Kysely, type Migration, Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.js';
import { DIALECTS, openEmptyTestDatabase } from '../db/test-databases.js';

const BEFORE = '2026_11_25_1400_article_created_by';
/** A database at a past migration: its schema is not `Database`, so untyped, as in migrations. */
// biome-ignore lint/suspicious/noExplicitAny: a past schema has no type here (Kysely's migration docs use `Kysely<any>`)
type PastDb = Kysely<any>;

const THIS = '2026_12_06_1000_gift_purchases';
const upToThis: Record<string, Migration> = Object.fromEntries(Object.entries(migrations).filter(([name]) => name <= THIS));

/** An empty database of the dialect, not migrated. `Kysely<any>`, as in migrations: the schema here is a past one, not `Database`. */
async function emptyDatabase(dialect: (typeof DIALECTS)[number]): Promise<{ db: PastDb; close(): Promise<void> }> {
  const h = await openEmptyTestDatabase(dialect);
  return { db: h.db as unknown as PastDb, close: h.close };
}

describe.each(DIALECTS)('the gift purchases migration on %s', (dialect) => {
  let handle: { db: PastDb; close(): Promise<void> } | undefined;
  afterEach(async () => {
    await handle?.close();
  });

  it('keeps existing gifts (as paid), lets a pending gift have no code, and goes down again', async () => {
    handle = await emptyDatabase(dialect);
    const { db } = handle;
    const migrator = new Migrator({ db, provider: { getMigrations: async () => upToThis } });
    expect((await migrator.migrateTo(BEFORE)).error).toBeUndefined();
    const at = new Date('2026-11-25T09:00:00Z');
    await db
      .insertInto('plans')
      .values({
        id: 'p1',
        slug: 'digital',
        name: 'Digital',
        price_cents: 800,
        currency: 'usd',
        interval: 'month',
        entitlements: '["web"]',
        created_at: at,
        updated_at: at,
      })
      .execute();
    const old = {
      id: 'g1',
      code_hash: 'abc',
      purchaser_email: 'aunt@example.com',
      recipient_email: 'nephew@example.com',
      plan_id: 'p1',
      months: 3,
      redeemed_by: 'r1',
      redeemed_at: at,
      expires_at: new Date('2027-11-25T09:00:00Z'),
      created_at: at,
    };
    await db.insertInto('gifts').values(old).execute();

    expect((await migrator.migrateTo(THIS)).error).toBeUndefined();
    const row = await db.selectFrom('gifts').selectAll().where('id', '=', 'g1').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ code_hash: 'abc', months: 3, redeemed_by: 'r1', status: 'paid', checkout_session_id: null, paid_at: null });
    expect(new Date(row.expires_at).toISOString()).toBe('2027-11-25T09:00:00.000Z');
    // A pending gift: no code; any number of them; one gift per checkout session; only known statuses.
    const pending = { ...old, redeemed_by: null, redeemed_at: null, code_hash: null, status: 'pending' };
    await db
      .insertInto('gifts')
      .values({ ...pending, id: 'g2', checkout_session_id: 'cs_1' })
      .execute();
    await db
      .insertInto('gifts')
      .values({ ...pending, id: 'g3', checkout_session_id: 'cs_2' })
      .execute();
    await expect(
      db
        .insertInto('gifts')
        .values({ ...pending, id: 'g4', checkout_session_id: 'cs_1' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('gifts')
        .values({ ...pending, id: 'g5', status: 'lost' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('gifts')
        .values({ ...old, id: 'g6' })
        .execute(),
    ).rejects.toThrow();
    await expect(
      db
        .insertInto('gifts')
        .values({ ...old, id: 'g7', plan_id: 'no-such-plan', code_hash: 'x' })
        .execute(),
    ).rejects.toThrow();

    expect((await migrator.migrateDown()).error).toBeUndefined();
    const back = await db.selectFrom('gifts').selectAll().execute();
    expect(back.map((g) => g.id)).toEqual(['g1']);
    expect(back[0]).not.toHaveProperty('status');
    await expect(
      db
        .insertInto('gifts')
        .values({ ...old, id: 'g8', code_hash: null })
        .execute(),
    ).rejects.toThrow();
    const n = await sql<{ n: number }>`select count(*) as n from gifts`.execute(db);
    expect(Number(n.rows[0]?.n)).toBe(1);
  });
});
