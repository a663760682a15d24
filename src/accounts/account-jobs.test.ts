import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { insertGift } from '../subscriptions/gift-repository.js';
import { insertOrganisation } from '../subscriptions/organisation-repository.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { accountJobHandlers, PURGE_EXPIRED_JOB, schedulePurgeExpired } from './account-jobs.js';
import { NEVER_CONFIRMED_READER_DAYS } from './account-service.js';
import { insertEmailToken } from './email-token-repository.js';
import { insertReader, markReaderVerified } from './reader-repository.js';
import { insertSession } from './session-repository.js';

describe.each(DIALECTS)('hourly clean-up of expired sessions and links on %s', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('deletes only what has expired, then reschedules itself an hour later', async () => {
    const db = t.services.db;
    const now = t.clock.now;
    const hour = 60 * 60 * 1000;
    const reader = { kind: 'reader' as const, id: 'r1' };
    await insertReader(db, { id: 'r1', email: 'r1@example.com', passwordHash: null, at: now });
    const session = (id: string, expiresAt: Date) =>
      insertSession(db, { id, tokenHash: `hash-${id}`, principal: reader, at: now, expiresAt, userAgent: null });
    await session('old', new Date(now.getTime() - hour));
    await session('live', new Date(now.getTime() + hour));
    const token = (id: string, expiresAt: Date) =>
      insertEmailToken(db, { id, tokenHash: `t-${id}`, purpose: 'signin', principal: reader, email: 'r1@example.com', at: now, expiresAt });
    await token('old', new Date(now.getTime() - 1000));
    await token('live', new Date(now.getTime() + hour));

    await schedulePurgeExpired(t.services, now);
    const runner = startJobRunner({
      db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: accountJobHandlers(t.services),
    });
    try {
      await runner.runDue();
    } finally {
      await runner.stop();
    }
    expect((await db.selectFrom('sessions').select('id').execute()).map((r) => r.id)).toEqual(['live']);
    expect((await db.selectFrom('email_tokens').select('id').execute()).map((r) => r.id)).toEqual(['live']);
    const jobs = await db.selectFrom('jobs').selectAll().where('kind', '=', PURGE_EXPIRED_JOB).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.getTime()).toBe(now.getTime() + hour);
  });

  it('forgets readers who never confirmed their address after 30 days, unless something else is theirs', async () => {
    const db = t.services.db;
    const now = t.clock.now;
    const day = 24 * 60 * 60 * 1000;
    const old = new Date(now.getTime() - (NEVER_CONFIRMED_READER_DAYS + 1) * day);
    const young = new Date(now.getTime() - (NEVER_CONFIRMED_READER_DAYS - 1) * day);
    const reader = async (id: string, at: Date, verified = false) => {
      await insertReader(db, { id, email: `${id}@example.com`, passwordHash: null, at });
      if (verified) await markReaderVerified(db, id, `${id}@example.com`, at);
      await insertEmailToken(db, {
        id: `tok-${id}`,
        tokenHash: `hash-${id}`,
        purpose: 'verify',
        principal: { kind: 'reader', id },
        email: `${id}@example.com`,
        at,
        // Unexpired, so only the reader going can take it.
        expiresAt: new Date(now.getTime() + day),
      });
    };
    await reader('gone', old);
    await reader('recent', young);
    await reader('confirmed', old, true);
    await reader('subscriber', old);
    await reader('member', old);
    await reader('recipient', old);
    await reader('giver', old);
    await reader('closed', old);
    await db.updateTable('readers').set({ closed_at: old }).where('id', '=', 'closed').execute();

    await seedDemoPlans(db, () => now);
    const plan = await db.selectFrom('plans').select('id').executeTakeFirstOrThrow();
    await db
      .insertInto('subscriptions')
      .values({
        id: 'sub-1',
        reader_id: 'subscriber',
        plan_id: plan.id,
        status: 'canceled',
        current_period_end_at: old,
        cancel_at_period_end: false,
        trial_end_at: null,
        grace_until_at: null,
        provider: 'demo',
        provider_subscription_id: 'demo_sub_1',
        provider_customer_id: null,
        provider_version: 1,
        created_at: old,
        updated_at: old,
        access_end_notified_at: null,
      })
      .execute();
    await insertOrganisation(
      db,
      { id: 'org-1', name: 'Org', ipRanges: [], emailDomains: ['example.com'], seatLimit: null, active: true },
      now,
    );
    await db.insertInto('organisation_members').values({ organisation_id: 'org-1', reader_id: 'member', joined_at: old }).execute();
    for (const [id, column] of [
      ['gift-1', 'redeemed_by'],
      ['gift-2', 'purchaser_reader_id'],
    ] as const) {
      const who = column === 'redeemed_by' ? 'recipient' : 'giver';
      await insertGift(db, {
        id,
        codeHash: `code-${id}`,
        purchaserEmail: 'someone@example.com',
        recipientEmail: 'friend@example.com',
        planId: plan.id,
        months: 3,
        expiresAt: now,
        createdAt: old,
      });
      await db
        .updateTable('gifts')
        .set({ [column]: who })
        .where('id', '=', id)
        .execute();
    }

    const purged = await t.services.accounts.purgeExpired();
    expect(purged.neverConfirmedReaders).toBe(1);
    const left = (await db.selectFrom('readers').select('id').execute()).map((r) => r.id);
    expect(left).not.toContain('gone');
    for (const kept of ['recent', 'confirmed', 'subscriber', 'member', 'recipient', 'giver', 'closed']) expect(left).toContain(kept);
    // The reader's links went with it.
    expect(await db.selectFrom('email_tokens').select('id').where('id', '=', 'tok-gone').execute()).toEqual([]);
    expect(await db.selectFrom('email_tokens').select('id').where('id', '=', 'tok-recent').execute()).toHaveLength(1);
  });
});
