/**
 * A paused subscription (Stripe's `pause_collection`) on the reader page and in the subscribers'
 * CSV, on both databases: the standing says paused, until when and since when; what they may
 * read still lists the website and the daily email, and names the printed weekly as withheld;
 * an open-ended pause of a plan without the magazine says no more than it should; once the
 * resume date has passed, nothing says paused. The pause arrives as the webhook's event does
 * (the payment processor), so the row is as a real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn } from '../accounts/account-test-support.js';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import type { Plan } from '../subscriptions/index.js';
import { seedDemoPlans } from '../subscriptions/plan-service.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { pausedSubscriber } from './pause-test-support.js';

/** The text of the page's section `id`, tags dropped and spaces folded. */
function sectionText(html: string, id: string): string {
  const start = html.indexOf(`aria-labelledby="${id}"`);
  const end = html.indexOf('</section>', start);
  return html
    .slice(start, end)
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
}

describe.each(DIALECTS)('a paused subscription in the reader office on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  let allAccess: Plan;
  let digital: Plan;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedDemoPlans(t.services.db, () => t.clock.now);
    const plans = await t.services.plans.listAll();
    allAccess = plans.find((p) => p.slug === 'all-access-monthly') as Plan;
    digital = plans.find((p) => p.slug === 'digital-monthly') as Plan;
    business = await signInStaff(t, 'business');
    t.clock.set(new Date('2026-11-25T09:00:00Z'));
    await pausedSubscriber(t, 'pia', allAccess, { behavior: 'void', resumesAt: new Date('2027-01-05T12:00:00Z') });
    await pausedSubscriber(t, 'dev', digital, { behavior: 'keep_as_draft', resumesAt: null });
    await pausedSubscriber(t, 'ann', allAccess, null);
    t.clock.set(new Date('2026-11-26T10:00:00Z'));
  });
  afterAll(async () => {
    await t?.close();
  });

  it('says paused, until and since when, and that no printed copy is mailed; reading goes on', async () => {
    const page = await business.browser.get('/admin/readers/pia');
    expect(page.statusCode).toBe(200);
    const subs = sectionText(page.body, 'subscriptions');
    expect(subs).toContain('All Access paused 25 November 2026 Paused until 5 January 2027. Renews 25 January 2027 Stripe');
    expect(subs).toContain(
      'All Access is paused until 5 January 2027. Payment collection was paused at Stripe on 25 November 2026, and it carries on by' +
        ' itself on that day. No payment is taken and no printed copy of the magazine is mailed to them while it lasts; the rest of' +
        ' the plan goes on.',
    );
    const access = sectionText(page.body, 'access');
    expect(access).toContain('Every story on the website : Subscription (All Access)');
    expect(access).toContain('The daily email : Subscription (All Access)');
    expect(access).toContain('The printed weekly : withheld, no copy is mailed while All Access is paused until 5 January 2027');
    // The actions on a live subscription are still offered: a pause ends nothing.
    expect(page.body).toContain('action="/admin/readers/pia/subscriptions/');
  });

  it('an open-ended pause of a plan without the magazine: no date, no printed copy to speak of', async () => {
    const page = await business.browser.get('/admin/readers/dev');
    const subs = sectionText(page.body, 'subscriptions');
    expect(subs).toContain('Digital paused 25 November 2026 Paused until it is resumed. Renews 25 January 2027');
    expect(subs).toContain(
      'Digital is paused until it is resumed. Payment collection was paused at Stripe on 25 November 2026. No payment is taken' +
        ' while it lasts; the rest of the plan goes on.',
    );
    const access = sectionText(page.body, 'access');
    expect(access).not.toContain('printed');
    expect(access).toContain('Every story on the website : Subscription (Digital)');
  });

  it('a subscription never paused says nothing of a pause', async () => {
    const page = await business.browser.get('/admin/readers/ann');
    expect(sectionText(page.body, 'subscriptions')).toContain('All Access active 25 November 2026 Renews 25 January 2027');
    expect(page.body).not.toContain('paused');
    expect(sectionText(page.body, 'access')).toContain('The printed weekly : Subscription (All Access)');
  });

  it('the Admin API’s reader says so too: the pause on the subscription, the printed weekly withheld', async () => {
    const { secret } = await t.services.apiKeys.createKey({ name: 'office', kind: 'admin', role: 'business', createdBy: 'test' });
    const get = async (id: string) => {
      const r = await t.app.inject({ url: `/api/v1/admin/readers/${id}`, headers: { authorization: `Bearer ${secret}` } });
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    const pia = await get('pia');
    expect(pia.subscriptions[0].pause).toEqual({
      behavior: 'void',
      since: '2026-11-25T09:00:00.000Z',
      resumes_at: '2027-01-05T12:00:00.000Z',
      in_force: true,
    });
    expect(pia.entitlements.held).not.toContain('weekly_print');
    expect(pia.entitlements.withheld).toEqual([
      { entitlement: 'weekly_print', subscription_id: pia.subscriptions[0].id, plan_name: 'All Access' },
    ]);
    const dev = await get('dev');
    expect(dev.subscriptions[0].pause).toMatchObject({ behavior: 'keep_as_draft', resumes_at: null, in_force: true });
    expect(dev.entitlements.withheld).toEqual([]);
    const ann = await get('ann');
    expect(ann.subscriptions[0].pause).toBeNull();
    expect(ann.entitlements.withheld).toEqual([]);
    expect(ann.entitlements.held).toContain('weekly_print');
  });

  it('the subscribers’ CSV says paused in the standing column', async () => {
    const csrf = csrfIn((await business.browser.get('/admin/readers')).body);
    const r = await business.browser.post('/admin/readers/export', { _csrf: csrf, kind: 'subscribers', show: 'subscriber' });
    expect(r.statusCode).toBe(200);
    const standing = new Map(
      r.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split('\r\n')
        .slice(1)
        .map((l) => l.split(','))
        .map((cells) => [cells[0], cells[5]]),
    );
    expect(Object.fromEntries(standing)).toEqual({ pia: 'paused', dev: 'paused', ann: 'active' });
  });

  it('after the resume date nothing says paused, and the printed weekly is theirs again', async () => {
    t.clock.set(new Date('2027-01-05T12:00:00Z'));
    try {
      // Weeks later: a session of that day.
      const office = await signInStaff(t, 'business');
      const page = await office.browser.get('/admin/readers/pia');
      expect(page.body).not.toContain('paused');
      expect(page.body).not.toContain('withheld');
      expect(sectionText(page.body, 'access')).toContain('The printed weekly : Subscription (All Access)');
    } finally {
      t.clock.set(new Date('2026-11-26T10:00:00Z'));
    }
  });
});
