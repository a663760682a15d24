/**
 * The bounce notice on /account, over HTTP with signed-in readers on both databases: a reader
 * whose address hard-bounced is told why in plain words, with a link to change the address and a
 * "try again" button (CSRF-checked) that lets mail go to it again; a reader who complained is told
 * the email stopped and can start it again; a reader with a good address sees no notice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfIn, signUpConfirmed, type TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { must } from '../test-support/must.js';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { listAudienceCandidates } from './audience-repository.js';
import { undeliverableDetail } from './bounce.js';
import { findUndeliverable } from './bounce-repository.js';

describe.each(DIALECTS)('the bounce notice on /account on %s', (dialect) => {
  let t: TestApp;
  let bounced: TestBrowser;
  let complained: TestBrowser;
  let fine: TestBrowser;
  const idOf = async (email: string) => must(await t.services.accounts.findReaderByEmail(email)).id;
  const inAudience = async (email: string) => (await listAudienceCandidates(t.services.db, null, 100)).some((r) => r.email === email);

  beforeAll(async () => {
    t = await createTestApp(dialect, { MASTHEAD_TIMEZONE: 'Europe/Berlin' });
    bounced = await signUpConfirmed(t, 'bounced@x.test', 'correct horse battery');
    complained = await signUpConfirmed(t, 'complained@x.test', 'correct horse battery');
    fine = await signUpConfirmed(t, 'fine@x.test', 'correct horse battery');
    // Both signed up for the daily email in /account (the registered reader's tick box).
    for (const b of [bounced, complained]) await b.submit('/account', '/account/preferences', { dailyEmail: 'yes' });
    await t.services.newsletterSending.markUndeliverable(
      'bounced@x.test',
      'hard_bounce',
      undeliverableDetail('5.1.1', '550 5.1.1 <bounced@x.test>: User unknown'),
    );
    await t.services.newsletterSending.unsubscribe(await idOf('complained@x.test'), 'complaint');
    await t.services.newsletterSending.markUndeliverable('complained@x.test', 'complaint', 'abuse');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('tells a reader whose address bounced why, in plain words, and how to fix it', async () => {
    const page = await bounced.get('/account');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Our emails to you are bouncing');
    expect(page.body).toContain('this address does not exist');
    expect(page.body).toContain('Since 25 November 2026');
    expect(page.body).toContain('550 5.1.1 &lt;bounced@x.test>: User unknown');
    expect(page.body).toContain('href="#email-title"');
    expect(page.body).toContain('Try this address again');
    expect(await inAudience('bounced@x.test')).toBe(false);
  });

  it('shows nothing to a reader whose address is fine', async () => {
    const page = await fine.get('/account');
    expect(page.body).not.toContain('email-bounced');
  });

  it('"try again" needs the form token, then lets mail go to the address again', async () => {
    expect((await bounced.post('/account/daily-email/retry', {})).statusCode).toBe(403);
    expect(await findUndeliverable(t.services.db, 'bounced@x.test')).toBeDefined();
    const res = await bounced.submit('/account', '/account/daily-email/retry', {});
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/account#subscription');
    expect(await findUndeliverable(t.services.db, 'bounced@x.test')).toBeUndefined();
    expect(await inAudience('bounced@x.test')).toBe(true);
    expect((await bounced.get('/account')).body).not.toContain('email-bounced');
  });

  it('tells a reader who complained that the email stopped, and starts it again on request', async () => {
    const page = await complained.get('/account');
    expect(page.body).toContain('We stopped the daily email');
    expect(page.body).toContain('reported one of our emails as spam');
    expect(await inAudience('complained@x.test')).toBe(false);
    const res = await complained.post('/account/daily-email/retry', { _csrf: csrfIn(page.body) });
    expect(res.statusCode).toBe(303);
    expect(await inAudience('complained@x.test')).toBe(true);
    const reader = must(await t.services.accounts.findReaderByEmail('complained@x.test'));
    expect(reader.emailPreferences.dailyEmail).toBe(true);
    expect((await complained.get('/account')).body).not.toContain('We stopped the daily email');
  });
});
