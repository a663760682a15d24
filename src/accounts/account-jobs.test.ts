import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { accountJobHandlers, PURGE_EXPIRED_JOB, schedulePurgeExpired } from './account-jobs.js';
import { insertEmailToken } from './email-token-repository.js';
import { insertReader } from './reader-repository.js';
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
});
