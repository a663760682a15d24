/**
 * A subscriber's daily email on /account, over HTTP with a signed-in reader: the panel says it is
 * sent, its button stops it at once and starts it again (CSRF-checked); a reader without a plan
 * that includes it sees no panel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, signUpConfirmed, type TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { must } from '../test-support/must.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { listAudienceCandidates } from './audience-repository.js';
import { insertTestPlan } from './sending-test-support.js';

describe.each(DIALECTS)('the daily email on /account on %s', (dialect) => {
  let t: TestApp;
  let subscriber: TestBrowser;
  let other: TestBrowser;
  let subscriberId = '';
  const inAudience = async (id: string) => (await listAudienceCandidates(t.services.db, null, 100)).some((r) => r.id === id);

  beforeAll(async () => {
    t = await createTestApp(dialect);
    subscriber = await signUpConfirmed(t, 'sub@x.test', 'correct horse battery');
    other = await signUpConfirmed(t, 'free@x.test', 'correct horse battery');
    subscriberId = must(await t.services.accounts.findReaderByEmail('sub@x.test')).id;
    const plan = await insertTestPlan(t.services.db, 'digital', ['web', 'daily_email'], t.clock.now);
    await t.services.db
      .insertInto('subscriptions')
      .values({
        id: 'sub-1',
        reader_id: subscriberId,
        plan_id: plan,
        status: 'active',
        current_period_end_at: new Date(t.clock.now.getTime() + 20 * 86_400_000),
        cancel_at_period_end: false,
        trial_end_at: null,
        grace_until_at: null,
        provider: 'demo',
        provider_subscription_id: 'demo_sub_1',
        provider_customer_id: null,
        provider_version: 1,
        created_at: t.clock.now,
        updated_at: t.clock.now,
        access_end_notified_at: null,
      })
      .execute();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells a subscriber the email is included and sent, with a button to stop it', async () => {
    const page = await subscriber.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Your subscription includes the daily email');
    expect(page.body).toContain('Stop the daily email');
    expect(await inAudience(subscriberId)).toBe(true);
  });

  it('shows no panel to a reader whose plans do not include it', async () => {
    const page = await other.get('/account');
    expect(page.body).not.toContain('Your subscription includes the daily email');
  });

  it('refuses a post without the form token, and one that is not yes or no', async () => {
    const noToken = await subscriber.post('/account/daily-email', { send: 'no' });
    expect(noToken.statusCode).toBe(403);
    const page = await subscriber.get('/account');
    const bad = await subscriber.post('/account/daily-email', { _csrf: csrfIn(page.body), send: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(await inAudience(subscriberId)).toBe(true);
  });

  it('stops the email at once, and starts it again', async () => {
    const stop = await subscriber.submit('/account', '/account/daily-email', { send: 'no' });
    expect(stop.statusCode).toBe(303);
    expect(stop.headers.location).toBe('/account#daily-email');
    expect(await inAudience(subscriberId)).toBe(false);
    const page = await subscriber.get('/account');
    expect(page.body).toContain('You stopped it');
    expect(page.body).toContain('Send me the daily email again');
    const start = await subscriber.submit('/account', '/account/daily-email', { send: 'yes' });
    expect(start.statusCode).toBe(303);
    expect(await inAudience(subscriberId)).toBe(true);
  });
});
