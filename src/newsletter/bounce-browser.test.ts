/**
 * After sending, in Chromium: an edition goes out to a real SMTP server, a hard bounce and a
 * complaint come back through the webhook; the edition's admin page shows its report, and the
 * bounced reader's /account shows the notice with its way out ("Try this address again", which
 * works without JavaScript). Both at 1280 and 390 pixels; axe finds nothing; screenshots go to
 * `shotsDir` (test-support/browser.ts) for a person to look at.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUpConfirmed, type TestBrowser } from '../accounts/account-test-support.js';
import { signInStaff, staffContext } from '../admin/admin-test-support.js';
import { loadSecretKeys } from '../secrets.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { BOUNCE_SECRET_HEADER, BOUNCE_WEBHOOK_PATH } from './bounce-routes.js';
import { fillSample } from './bounce-test-support.js';
import { signBounceToken, verpAddress } from './bounce-token.js';
import { messageIdFor } from './delivery.js';
import { insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

const SHOTS = shotsDir('bounces');
const SECRET = 'bounce-secret-for-the-browser';

describe('after sending, in Chromium', () => {
  let t: TestApp;
  let sink: SmtpSink;
  let browser: Browser;
  let base: string;
  let reader: TestBrowser;

  const axe = axeViolations;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp('sqlite', {
      MASTHEAD_TIMEZONE: 'Europe/London',
      MASTHEAD_NEWSLETTER_SMTP_URL: sink.url,
      MASTHEAD_NEWSLETTER_RATE: '0',
      MASTHEAD_BOUNCE_ADDRESS: 'bounces@bounce.paper.test',
      MASTHEAD_BOUNCE_WEBHOOK_SECRET: SECRET,
    });
    await seedBasics(t.services);
    t.clock.set(new Date('2026-12-07T05:00:00Z'));
    for (let i = 1; i <= 5; i++)
      await t.services.articles.create(
        {
          headline: `Harbour story ${i}`,
          dek: `What happened ${i}`,
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
          body: SAMPLE_BODY,
        },
        'test',
      );
    reader = await signUpConfirmed(t, 'ines@mail.example', 'correct horse battery');
    await reader.submit('/account', '/account/preferences', { dailyEmail: 'yes' });
    await insertTestReaders(
      t.services.db,
      Array.from({ length: 18 }, (_, i) => ({ email: `reader${i}@mail.example`, optedIn: true })),
      t.clock.now,
    );
    const { edition } = await t.services.newsletterSending.send('2026-12-07', { assemble: true });
    const keys = loadSecretKeys(t.services.config);
    const back = async (file: string, email: string) => {
      const id = must(await t.services.accounts.findReaderByEmail(email)).id;
      const raw = fillSample(file, {
        verp: verpAddress('bounces@bounce.paper.test', signBounceToken(id, '2026-12-07', keys)),
        rcpt: email,
        mid: messageIdFor(edition.id, id, 'paper.test'),
      });
      const r = await t.app.inject({
        method: 'POST',
        url: BOUNCE_WEBHOOK_PATH,
        headers: { 'content-type': 'message/rfc822', [BOUNCE_SECRET_HEADER]: SECRET },
        payload: raw,
      });
      expect(r.statusCode).toBe(202);
    };
    t.clock.set(new Date('2026-12-07T07:20:00Z'));
    await back('outlook-hard-recipient-not-found.eml', 'ines@mail.example');
    await back('gmail-soft-inbox-full.eml', 'reader3@mail.example');
    await back('arf-yahoo-style-complaint.eml', 'reader7@mail.example');
    await t.services.newsletterSending.unsubscribe(must(await t.services.accounts.findReaderByEmail('reader9@mail.example')).id, 'link');
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it("shows the edition's report on its admin page", async () => {
    const editor = await signInStaff(t, 'editor');
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, editor, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/admin/newsletter/2026-12-07`);
      const report = page.getByRole('region', { name: 'Report' });
      const cells = async (label: string) =>
        await report
          .getByRole('row', { name: new RegExp(`^${label}`) })
          .locator('td')
          .allTextContents();
      expect(await cells('Recipients')).toEqual(['19', '']);
      expect(await cells('Bounced for good')).toEqual(['1', '5.3 %']);
      expect(await cells('Bounced for now')).toEqual(['1', '5.3 %']);
      expect(await cells('Complaints')).toEqual(['1', '5.3 %']);
      expect(await cells('Unsubscribed after it')).toEqual(['2', '10.5 %']);
      found.push(...(await axe(page, `report ${width}`)));
      await report.screenshot({ path: `${SHOTS}/admin-edition-report-${width}.png` });
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);
  });

  it("tells the bounced reader on /account, and 'Try this address again' works without JavaScript", async () => {
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, javaScriptEnabled: false });
      await context.addCookies([...reader.cookies].map(([name, value]) => ({ name, value, url: base })));
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}/account`);
      const notice = page.getByRole('region', { name: 'Our emails to you are bouncing' });
      await expect(notice.textContent()).resolves.toContain('does not exist');
      // axe runs a script: a window with JavaScript on, holding the same cookie.
      const audit = await browser.newContext({ viewport: { width, height: 900 } });
      await audit.addCookies(await context.cookies());
      const auditPage = await audit.newPage();
      await auditPage.goto(`${base}/account`);
      found.push(...(await axe(auditPage, `account ${width}`)));
      await audit.close();
      await notice.screenshot({ path: `${SHOTS}/account-bounce-notice-${width}.png` });
      await page.screenshot({ path: `${SHOTS}/account-bounce-page-${width}.png`, fullPage: true });
      if (width === 390) {
        await notice.getByRole('button', { name: 'Try this address again' }).click();
        await page.waitForURL(/\/account#subscription$/);
        await expect(page.getByRole('region', { name: 'Our emails to you are bouncing' }).count()).resolves.toBe(0);
      }
      expect(problems).toEqual([]);
      await context.close();
    }
    expect(found).toEqual([]);
  });
});
