/**
 * The ledger's SQL on both databases: claims never overlap, respect retry times and leases, and a
 * crashed sender's rows (claimed, or sent with no reply recorded) come back once its lease ends;
 * only the lease-holder may hand a row to SMTP, and a reply is recorded only by the sender that
 * sent it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../db/database.js';
import { DIALECTS, openTestDatabase } from '../db/test-databases.js';
import { afterReply, DEFAULT_DELIVERY_POLICY, pendingDelivery } from './delivery.js';
import {
  claimDeliveries,
  countDeliveries,
  findDelivery,
  insertDeliveries,
  markSending,
  recordReply,
  releaseClaims,
} from './delivery-repository.js';

describe.each(DIALECTS)('the ledger on %s', (dialect) => {
  let h: DbHandle;
  const T = (s: number) => new Date(Date.UTC(2026, 11, 7, 7, 0, s));
  const edition = 'ed-1';
  const claim = (by: string, now: Date, limit = 10, leaseS = 60) =>
    claimDeliveries(h.db, dialect, { editionId: edition, by, now, leaseUntil: new Date(now.getTime() + leaseS * 1000), limit });

  beforeAll(async () => {
    h = await openTestDatabase(dialect);
    await h.db
      .insertInto('newsletter_editions')
      .values({ id: edition, edition_date: '2026-12-07', subject: 'S', created_at: T(0), updated_at: T(0), updated_by: 'test' })
      .execute();
    const rows = Array.from({ length: 25 }, (_, i) => ({
      readerId: `r${String(i).padStart(2, '0')}`,
      email: `r${i}@x.test`,
      messageId: `<m${i}@x>`,
    }));
    await insertDeliveries(h.db, edition, rows);
    // Written twice (two senders writing the audience): one row per reader.
    await insertDeliveries(h.db, edition, rows.slice(0, 5));
  });
  afterAll(async () => {
    await h?.close();
  });

  it('claims pages that never overlap until every row is taken', async () => {
    expect((await countDeliveries(h.db, edition)).pending).toBe(25);
    const a = await claim('a', T(1));
    const b = await claim('b', T(1));
    const c = await claim('c', T(1));
    expect([a.length, b.length, c.length]).toEqual([10, 10, 5]);
    const all = [...a, ...b, ...c].map((r) => r.readerId);
    expect(new Set(all).size).toBe(25);
    expect(await claim('d', T(2))).toEqual([]);
  });

  it('lets only the lease-holder hand a row to SMTP, and only the sender record its reply', async () => {
    expect(await markSending(h.db, edition, 'r00', 'b', T(3))).toBe(false);
    expect(await markSending(h.db, edition, 'r00', 'a', T(3))).toBe(true);
    expect(await markSending(h.db, edition, 'r00', 'a', T(3))).toBe(false);
    const sent = { ...pendingDelivery('<m0@x>'), status: 'sent' as const, attempts: 1, claimedBy: 'a', firstTriedAt: T(3) };
    const accepted = afterReply(sent, { code: 250, text: '250 ok' }, T(4), DEFAULT_DELIVERY_POLICY);
    expect(await recordReply(h.db, edition, 'r00', 'b', accepted)).toBe(false);
    expect(await recordReply(h.db, edition, 'r00', 'a', accepted)).toBe(true);
    expect(await findDelivery(h.db, edition, 'r00')).toMatchObject({ status: 'accepted', attempts: 1, reply: '250 ok', claimed_by: null });
  });

  it('gives a crashed sender’s rows to another once its lease has ended, in flight ones included', async () => {
    // 'a' sent r01 and died before the reply; its other rows were claimed only.
    expect(await markSending(h.db, edition, 'r01', 'a', T(5))).toBe(true);
    expect(await claim('e', T(30))).toEqual([]);
    const taken = await claim('e', T(62), 100);
    expect(taken.map((r) => r.readerId)).toContain('r01');
    // Every sender's lease of T(1) has ended: all 24 rows not final come back.
    expect(taken).toHaveLength(24);
    expect(taken.find((r) => r.readerId === 'r01')).toMatchObject({ attempts: 1, messageId: '<m1@x>' });
    // The dead sender's late reply changes nothing now.
    const late = afterReply(
      { ...pendingDelivery('<m1@x>'), status: 'sent', attempts: 1, claimedBy: 'a', firstTriedAt: T(5) },
      { code: 250, text: '250 ok' },
      T(63),
      DEFAULT_DELIVERY_POLICY,
    );
    expect(await recordReply(h.db, edition, 'r01', 'a', late)).toBe(false);
    expect(await markSending(h.db, edition, 'r01', 'a', T(63))).toBe(false);
  });

  it('waits for a deferred row’s retry time, and a stopping sender gives back what it never sent', async () => {
    expect(await markSending(h.db, edition, 'r02', 'e', T(64))).toBe(true);
    const deferred = afterReply(
      { ...pendingDelivery('<m2@x>'), status: 'sent', attempts: 1, claimedBy: 'e', firstTriedAt: T(64) },
      { code: 421, text: '421 try later' },
      T(65),
      { ...DEFAULT_DELIVERY_POLICY, retryBaseMs: 30_000 },
    );
    expect(await recordReply(h.db, edition, 'r02', 'e', deferred)).toBe(true);
    await releaseClaims(h.db, edition, 'e');
    const now = (await claim('f', T(70), 100)).map((r) => r.readerId);
    expect(now).not.toContain('r02');
    expect(now).toHaveLength(23);
    expect((await claim('f', T(96), 100)).map((r) => r.readerId)).toEqual(['r02']);
  });
});
