/**
 * What the staff see of a stalled PDF that recovers by itself, in Chromium at 1280 and 390 pixels
 * with axe: the stalled page says a worker asks again by itself; the audit trail shows the
 * worker's own entry; a request given up after builds that kept dying shows why and "Try again".
 * No PDF is built here (magazine-pdf-sweep.test.ts builds one on both databases); screenshots go
 * to MASTHEAD_SHOTS_DIR for a person to look at.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff, staffContext } from '../admin/admin-test-support.js';
import { axeViolations, launchChromium, serveForBrowser, shotsDir, watchProblems } from '../test-support/browser.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';
import { PDF_AUTO_RETRIES, PDF_STALLED_AFTER_MS } from './magazine-pdf.js';
import { EDITION_PDF_JOB } from './magazine-pdf-service.js';
import { publishWeek } from './magazine-test-support.js';

const SHOTS = shotsDir('magazine-pdf-sweep');

// On SQLite: the pages do not depend on the database.
describe('a stalled PDF that a worker asks for again, in Chromium', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    await seedBasics(t.services);
    await publishWeek(t);
    t.clock.set(new Date('2026-12-07T10:00:00Z'));
    const one = await t.services.magazine.propose('2026-12-01', 'test');
    await t.services.magazine.freeze(one.edition.number, 'test');
    base = await serveForBrowser(t);
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function look(who: SignedInStaff, path: string, name: string, check: (text: string) => void): Promise<string[]> {
    const found: string[] = [];
    for (const width of [1280, 390]) {
      const context = await staffContext(browser, base, who, { viewport: { width, height: 900 } });
      const page = await context.newPage();
      const problems = watchProblems(page);
      await page.goto(`${base}${path}`);
      check((await page.locator('main').textContent()) ?? '');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      found.push(...(await axeViolations(page, `${name} ${width}`)));
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      expect(problems).toEqual([]);
      await context.close();
    }
    return found;
  }

  it('says a worker asks again by itself, records that it did, and shows a request given up', { timeout: 200_000 }, async () => {
    const found: string[] = [];
    const owner = await signInStaff(t, 'owner');
    await t.services.magazinePdfs.request(1, 'a4', owner.staff.id);
    // No worker runs the job: past the limit it has stalled.
    t.clock.set(new Date(t.clock.now.getTime() + PDF_STALLED_AFTER_MS + 60_000));
    found.push(
      ...(await look(owner, '/admin/magazine/editions/1/pdf/a4', 'pdf-stalled', (text) => {
        expect(text).toContain('A worker asks again by itself within 5 minutes');
      })),
    );

    expect(await t.services.magazinePdfs.sweep()).toEqual({ askedAgain: 1, gaveUp: 0 });
    found.push(
      ...(await look(owner, '/admin/audit', 'audit-pdf-asked-again', (text) => {
        expect(text).toContain('The job runner (by itself)');
        expect(text).toContain('Asked again by itself for a magazine edition’s stalled PDF');
      })),
    );

    // Its builds keep dying: each begins, says it is running once, and goes silent.
    for (let i = 0; i <= PDF_AUTO_RETRIES; i++) {
      await t.services.db.updateTable('magazine_pdfs').set({ build_seen_at: t.clock.now }).execute();
      t.clock.set(new Date(t.clock.now.getTime() + PDF_STALLED_AFTER_MS));
      await t.services.magazinePdfs.sweep();
    }
    expect((await t.services.db.selectFrom('magazine_pdfs').select('status').executeTakeFirstOrThrow()).status).toBe('failed');
    await t.services.db.deleteFrom('jobs').where('kind', '=', EDITION_PDF_JOB).execute();
    const editor = await signInStaff(t, 'editor');
    found.push(
      ...(await look(editor, '/admin/magazine/editions/1/pdf/a4', 'pdf-gave-up', (text) => {
        expect(text).toContain('Its build stopped without finishing 4 times');
        expect(text).toContain('Try the A4 PDF again');
      })),
    );
    expect(found).toEqual([]);
  });
});
