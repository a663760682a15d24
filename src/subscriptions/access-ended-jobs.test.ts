/**
 * The "your access has ended" job on both databases: one email for a grace period that ran out,
 * one for a canceled subscription reaching its period end, none for readers with access, never
 * two, a failed send tried again next run, and a new email after access came back and ended again.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { DIALECTS } from '../db/test-databases.js';
import { startJobRunner } from '../jobs/job-queue.js';
import type { MailMessage } from '../mail/index.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { ACCESS_ENDED_JOB, type AccessEndedDeps, accessEndedJobHandlers, sendAccessEndedNotices } from './access-ended-jobs.js';
import type { Plan } from './plan.js';
import { seedDemoPlans } from './plan-service.js';
import type { SubscriptionRecord } from './subscription.js';
import { insertSubscription, updateSubscriptionState } from './subscription-repository.js';

const DAY = 86_400_000;

describe.each(DIALECTS)('access-ended emails on %s', (dialect) => {
  let t: TestApp;
  let plan: Plan;
  let deps: AccessEndedDeps;
  const sent: MailMessage[] = [];
  let failNext = 0;
  let n = 0;

  const notifiedAt = async (id: string) =>
    (await t.services.db.selectFrom('subscriptions').select('access_end_notified_at').where('id', '=', id).executeTakeFirstOrThrow())
      .access_end_notified_at;
  const to = (email: string) => sent.filter((m) => m.to === email);

  /** A reader with one subscription in the given state (the clock is at its start). */
  async function subscriber(over: Partial<SubscriptionRecord>): Promise<{ email: string; s: SubscriptionRecord }> {
    n += 1;
    const now = t.clock.now;
    const email = `ended${n}@example.com`;
    await insertReader(t.services.db, { id: `reader-${n}`, email, passwordHash: null, at: now });
    const s: SubscriptionRecord = {
      id: `sub-${n}`,
      readerId: `reader-${n}`,
      planId: plan.id,
      status: 'active',
      currentPeriodEnd: new Date(now.getTime() + 30 * DAY),
      cancelAtPeriodEnd: false,
      trialEnd: null,
      graceUntil: null,
      provider: 'demo',
      providerSubscriptionId: `sub_demo_${n}`,
      providerCustomerId: `cus_demo_${n}`,
      providerVersion: 1,
      createdAt: now,
      updatedAt: now,
      ...over,
    };
    await insertSubscription(t.services.db, s);
    return { email, s };
  }

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    plan = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly') as Plan;
    deps = {
      ...t.services,
      log: pino({ level: 'silent' }),
      mailer: {
        async send(m) {
          if (failNext > 0) {
            failNext -= 1;
            throw new Error('SMTP down');
          }
          sent.push(m);
        },
        async close() {},
      },
    };
  });
  afterAll(async () => {
    await t.close();
  });

  it('emails once when a grace period runs out, not before, not again', async () => {
    const start = t.clock.now;
    const { email, s } = await subscriber({ status: 'past_due', graceUntil: new Date(start.getTime() + 7 * DAY) });
    const active = await subscriber({});
    await sendAccessEndedNotices(deps);
    expect(to(email)).toEqual([]);
    t.clock.set(new Date(start.getTime() + 7 * DAY + 60_000));
    const run = await sendAccessEndedNotices(deps);
    expect(run.sent).toBeGreaterThanOrEqual(1);
    const [mail, ...more] = to(email);
    expect(more).toEqual([]);
    expect(mail?.subject).toBe('Your access to Masthead has ended');
    expect(mail?.text).toContain('We could not take the payment for your Digital subscription, so your access ended on 2 December 2026.');
    expect(mail?.text).toContain('https://paper.test/subscribe');
    expect(mail?.html).toContain('href="https://paper.test/subscribe"');
    expect((await notifiedAt(s.id))?.toISOString()).toBe(t.clock.now.toISOString());
    await sendAccessEndedNotices(deps);
    t.clock.advance(3 * DAY);
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(1);
    expect(to(active.email)).toEqual([]);
    expect(await notifiedAt(active.s.id)).toBeNull();
  });

  it('emails once when a canceled subscription reaches its period end, and not again when the provider deletes it', async () => {
    const start = t.clock.now;
    const end = new Date(start.getTime() + 10 * DAY);
    const { email, s } = await subscriber({ cancelAtPeriodEnd: true, currentPeriodEnd: end });
    await sendAccessEndedNotices(deps);
    expect(to(email)).toEqual([]);
    t.clock.set(new Date(end.getTime() + 3_600_000));
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(1);
    expect(to(email)[0]?.text).toContain('Your Digital subscription was canceled, and your access ended on');
    // Stripe's customer.subscription.deleted arrives later: the row becomes canceled. Still one email.
    await updateSubscriptionState(t.services.db, { ...s, status: 'canceled', updatedAt: t.clock.now, providerVersion: 2 });
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(1);
  });

  it('sends one email when two runs race (two processes)', async () => {
    const { email } = await subscriber({ status: 'past_due', graceUntil: new Date(t.clock.now.getTime() - 60_000) });
    await Promise.all([sendAccessEndedNotices(deps), sendAccessEndedNotices(deps)]);
    expect(to(email)).toHaveLength(1);
  });

  it('a failed send is logged and tried again next run', async () => {
    const { email, s } = await subscriber({ status: 'canceled', currentPeriodEnd: new Date(t.clock.now.getTime() - 60_000) });
    failNext = 1;
    const first = await sendAccessEndedNotices(deps);
    expect(first.failed).toBe(1);
    expect(to(email)).toEqual([]);
    expect(await notifiedAt(s.id)).toBeNull();
    t.clock.advance(3_600_000);
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(1);
  });

  it('tells nobody about a closed account, a reader who moved to another plan, or an ending weeks old; marks them all', async () => {
    const past = new Date(t.clock.now.getTime() - 60_000);
    const closed = await subscriber({ status: 'canceled', currentPeriodEnd: past });
    await t.services.db.updateTable('readers').set({ closed_at: t.clock.now }).where('id', '=', closed.s.readerId).execute();
    const moved = await subscriber({ status: 'canceled', currentPeriodEnd: past });
    await insertSubscription(t.services.db, {
      ...moved.s,
      id: `${moved.s.id}-new`,
      status: 'active',
      providerSubscriptionId: `${moved.s.id}-new`,
    });
    const old = await subscriber({ status: 'canceled', currentPeriodEnd: new Date(t.clock.now.getTime() - 30 * DAY) });
    await sendAccessEndedNotices(deps);
    for (const x of [closed, moved, old]) {
      expect(to(x.email), x.email).toEqual([]);
      expect(await notifiedAt(x.s.id), x.email).not.toBeNull();
    }
    expect(await notifiedAt(`${moved.s.id}-new`)).toBeNull();
  });

  it('tells the reader again when access came back (a late payment) and then ended again', async () => {
    const start = t.clock.now;
    const { email, s } = await subscriber({ status: 'past_due', graceUntil: new Date(start.getTime() - 60_000) });
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(1);
    const paid = {
      ...s,
      status: 'active' as const,
      graceUntil: null,
      currentPeriodEnd: new Date(start.getTime() + 30 * DAY),
      updatedAt: start,
    };
    await updateSubscriptionState(t.services.db, paid);
    const run = await sendAccessEndedNotices(deps);
    expect(run.reopened).toBe(1);
    expect(await notifiedAt(s.id)).toBeNull();
    await updateSubscriptionState(t.services.db, { ...paid, cancelAtPeriodEnd: true });
    t.clock.set(new Date(start.getTime() + 30 * DAY + 60_000));
    await sendAccessEndedNotices(deps);
    expect(to(email)).toHaveLength(2);
  });

  it('runs as a job that reschedules itself an hour later', async () => {
    const { email } = await subscriber({ status: 'past_due', graceUntil: new Date(t.clock.now.getTime() - 60_000) });
    await t.services.jobs.enqueue(t.services.db, { kind: ACCESS_ENDED_JOB, payload: {}, runAt: t.clock.now, dedupeKey: ACCESS_ENDED_JOB });
    const runner = startJobRunner({
      db: t.services.db,
      dialect: t.services.dialect,
      clock: t.services.clock,
      log: pino({ level: 'silent' }),
      pollMs: 60_000,
      handlers: accessEndedJobHandlers(deps),
    });
    try {
      await runner.runDue();
    } finally {
      await runner.stop();
    }
    expect(to(email)).toHaveLength(1);
    const jobs = await t.services.db.selectFrom('jobs').selectAll().where('kind', '=', ACCESS_ENDED_JOB).execute();
    expect(jobs).toHaveLength(1);
    expect(jobs[0]?.run_at.getTime()).toBe(t.clock.now.getTime() + 3_600_000);
  });
});
