/**
 * Stripe's "pause payment collection" (`pause_collection` on the subscription, delivered in
 * customer.subscription.updated while its status stays `active`), through the real `stripe` SDK
 * against the local fake of Stripe's API and webhook bodies signed as Stripe signs them, on both
 * databases: the pause is stored with the moment it began, an older event does not undo it, the
 * printed magazine's entitlement (and so the mailing list) leaves it out while the reader keeps
 * reading, /account says it is paused and until when, and the event that resumes it clears it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestBrowser } from '../../accounts/account-test-support.js';
import { DIALECTS } from '../../db/test-databases.js';
import type { TestApp } from '../../test-support/test-app.js';
import type { EntitlementTerm } from '../entitlements.js';
import type { Plan } from '../plan.js';
import { stripeEvent } from './fake-stripe-server.js';
import { type StripeTestApp, startStripeTestApp, subscribeOnStripe } from './stripe-test-support.js';

const SECRET = 'sk_test_mastheadpause456';
const WHSEC = 'whsec_masthead_pause_secret';
const PASSWORD = 'correct horse battery';
const DAY = 86_400;

describe.each(DIALECTS)('a paused Stripe subscription on %s', (dialect) => {
  let s: StripeTestApp;
  let t: TestApp;
  let allAccess: Plan;

  const deliver = (event: Record<string, unknown>) => s.deliver(event);
  const now = () => s.now();
  const row = (readerId: string) =>
    t.services.db.selectFrom('subscriptions').selectAll().where('reader_id', '=', readerId).executeTakeFirstOrThrow();
  const entitled = async (readerId: string) =>
    (await t.services.entitlements.entitlementsFor({ readerId, clientIp: '203.0.113.9', at: t.clock.now })).entitlements;
  /** The print edition's mailing list asks this of every reader who ever had `weekly_print`. */
  async function printTerm(readerId: string): Promise<EntitlementTerm | undefined> {
    for await (const page of t.services.entitlements.termsOfReaders('weekly_print', t.clock.now)) {
      const found = page.find((p) => p.readerId === readerId);
      if (found) return found.term;
    }
    return undefined;
  }
  const panel = async (b: TestBrowser) => {
    const html = (await b.get('/account')).body;
    const start = html.indexOf('<section id="subscription"');
    return html.slice(start, html.indexOf('</section>', start));
  };

  beforeAll(async () => {
    s = await startStripeTestApp(dialect, { secretKey: SECRET, webhookSecret: WHSEC });
    t = s.t;
    allAccess = (await t.services.plans.listActive()).find((p) => p.slug === 'all-access-monthly') as Plan;
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
  });
  afterAll(async () => {
    await s?.close();
  });

  it('stops the printed copy while paused, says so on /account, and starts it again when resumed', async () => {
    expect(allAccess.entitlements).toContain('weekly_print');
    const reader = { id: `paused-${dialect}` };
    const { b, stripeId: subId } = await subscribeOnStripe(s, { id: reader.id, password: PASSWORD, plan: allAccess });
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(await printTerm(reader.id)).toMatchObject({ held: true });
    expect(await panel(b)).toContain('Status: Active');

    // The office pauses collection in Stripe's dashboard until 5 January: the status stays active.
    const t0 = now();
    const resumesAt = Math.floor(Date.parse('2027-01-05T12:00:00Z') / 1000);
    const paused = s.fake.changeSubscription(subId, { pauseCollection: { behavior: 'void', resumes_at: resumesAt } });
    expect(paused.status).toBe('active');
    expect((await deliver(stripeEvent('customer.subscription.updated', paused, t0 + 10))).statusCode).toBe(200);
    const stored = await row(reader.id);
    expect(stored.status).toBe('active');
    expect(stored.pause_behavior).toBe('void');
    expect(new Date(stored.pause_resumes_at ?? 0).getTime()).toBe(resumesAt * 1000);
    expect(new Date(stored.paused_at ?? 0).getTime()).toBe((t0 + 10) * 1000);

    t.clock.set(new Date((t0 + 60) * 1000));
    // Reading and the daily email go on; the printed copy does not.
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email']);
    expect(await printTerm(reader.id)).toEqual({ held: false, why: 'All Access: payment collection paused until 2027-01-05' });
    const pausedPanel = await panel(b);
    expect(pausedPanel).toContain('Status: Paused until 5 January 2027');
    expect(pausedPanel).toContain('the printed magazine is not mailed to you');
    expect(pausedPanel).toContain('It carries on by itself on 5 January 2027');

    // An older event (before the pause) arriving late changes nothing.
    const before = s.fake.changeSubscription(subId, { pauseCollection: null });
    expect((await deliver(stripeEvent('customer.subscription.updated', before, t0 + 5))).statusCode).toBe(200);
    expect((await row(reader.id)).pause_behavior).toBe('void');
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email']);

    // The pause is made open-ended: it keeps the moment it began; /account has no date to give.
    const open = s.fake.changeSubscription(subId, { pauseCollection: { behavior: 'keep_as_draft', resumes_at: null } });
    expect((await deliver(stripeEvent('customer.subscription.updated', open, t0 + 20))).statusCode).toBe(200);
    const reopened = await row(reader.id);
    expect(reopened.pause_behavior).toBe('keep_as_draft');
    expect(reopened.pause_resumes_at).toBeNull();
    expect(new Date(reopened.paused_at ?? 0).getTime()).toBe((t0 + 10) * 1000);
    expect(await printTerm(reader.id)).toEqual({ held: false, why: 'All Access: payment collection paused until resumed' });
    const openPanel = await panel(b);
    expect(openPanel).toContain('Status: Paused<');
    expect(openPanel).toContain('until it is resumed');

    // Resumed: the copy comes again.
    const resumed = s.fake.changeSubscription(subId, { pauseCollection: null });
    expect((await deliver(stripeEvent('customer.subscription.updated', resumed, t0 + 30))).statusCode).toBe(200);
    const after = await row(reader.id);
    expect(after.pause_behavior).toBeNull();
    expect(after.paused_at).toBeNull();
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(await printTerm(reader.id)).toMatchObject({ held: true });
    expect(await panel(b)).toContain('Status: Active');

    // Paused again with a resume date that passes before Stripe's event says so: the pause ends on its date.
    const shortPause = s.fake.changeSubscription(subId, { pauseCollection: { behavior: 'void', resumes_at: t0 + 2 * DAY } });
    expect((await deliver(stripeEvent('customer.subscription.updated', shortPause, t0 + 40))).statusCode).toBe(200);
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email']);
    t.clock.set(new Date((t0 + 2 * DAY + 1) * 1000));
    expect(await entitled(reader.id)).toEqual(['web', 'daily_email', 'weekly_print']);
    expect(await panel(b)).not.toContain('Paused');
  });

  it('refuses a pause it cannot read (an unknown behaviour) with a 400, changing nothing', async () => {
    const { stripeId } = await subscribeOnStripe(s, { id: `reader-bad-${dialect}`, password: PASSWORD, plan: allAccess });
    const weird = { ...s.fake.changeSubscription(stripeId, {}), pause_collection: { behavior: 'forever', resumes_at: null } };
    const r = await deliver(stripeEvent('customer.subscription.updated', weird, now() + 1));
    expect(r.statusCode).toBe(400);
    expect((await row(`reader-bad-${dialect}`)).pause_behavior).toBeNull();
  });
});
