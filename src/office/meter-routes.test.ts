/**
 * /admin/meter over HTTP on both databases: who may open it, the form showing what is saved, the
 * preview of unsaved values through the reader's own article page (four kinds of reader, nothing
 * saved, nothing audited), saving (one audit row; a reader's page shows the new words at once,
 * though it was cached before), and a bad value answered 400 naming its field with nothing saved.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import type { TestApp } from '../test-support/test-app.js';
import { meterFormOf } from './meter-form.js';
import { officeTestApp, previewFrames } from './office-test-support.js';

const frames = previewFrames;

describe.each(DIALECTS)('the meter and paywall screen on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  let storyPath = '';
  let storyId = '';
  const form = (over: Record<string, string> = {}) => ({
    ...meterFormOf(DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY, storyId),
    ...over,
  });
  const auditRows = async () => (await t.services.audit.page()).events.filter((e) => e.route.includes('/admin/meter'));

  beforeAll(async () => {
    const made = await officeTestApp(dialect);
    ({ t, business } = made);
    storyId = made.story.id;
    storyPath = new URL(String((await t.app.inject({ url: `/api/v1/articles/${storyId}` })).json().url)).pathname;
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner, with a link in the navigation; others are refused', async () => {
    const page = await business.browser.get('/admin/meter');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/admin/meter" aria-current="page">Meter and paywall</a>');
    expect(page.body).toContain('value="3"');
    expect(page.body).toContain('Harbour dredging delayed');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/meter')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/meter')).statusCode).toBe(403);
      expect((await other.browser.get('/admin/keys')).body).not.toContain('Meter and paywall');
    }
  });

  it('refuses a POST without the form’s CSRF token', async () => {
    const r = await business.browser.post('/admin/meter', form({ heading: 'No token' }));
    expect(r.statusCode).toBe(403);
    expect((await t.services.meterSettings.copy()).heading).toBe(DEFAULT_PAYWALL_COPY.heading);
  });

  it('previews unsaved values as four kinds of reader through the reader’s page, saving and auditing nothing', async () => {
    const before = (await auditRows()).length;
    const r = await business.browser.submit(
      '/admin/meter',
      '/admin/meter/preview',
      form({ heading: 'Stay for the harbour story', anonymousFree: '2', registeredExtra: '4', pitch: 'We sat through **every** hearing.' }),
    );
    expect(r.statusCode, r.body.slice(0, 500)).toBe(200);
    expect(r.body).toContain('Preview (not saved)');
    expect(r.body).toContain('value="Stay for the harbour story"');
    const [reading, anonWall, regWall, subscriber] = frames(r.body);
    expect(reading).toContain('<strong class="meter-used">1</strong> of <strong class="meter-allowance">2</strong> free articles');
    expect(reading).not.toContain('Stay for the harbour story');
    // The registration wall offers the 4 more an account gives.
    expect(anonWall).toContain('4 more articles');
    expect(regWall).toContain('Stay for the harbour story');
    expect(regWall).toContain('<strong>every</strong>');
    expect(regWall).toContain('You’ve read all your free articles this month.');
    expect(subscriber).not.toContain('Stay for the harbour story');
    expect(subscriber).toContain('The ferry timetable is not affected.');
    expect(regWall).not.toContain('The ferry timetable is not affected.');
    // Nothing saved, nothing in the trail.
    expect(t.services.meterSettings.policy().anonymousFree).toBe(3);
    expect((await t.services.meterSettings.copy()).heading).toBe(DEFAULT_PAYWALL_COPY.heading);
    expect((await auditRows()).length).toBe(before);
  });

  it('answers a bad value with 400 naming the field, keeping what was typed, saving nothing', async () => {
    const r = await business.browser.submit(
      '/admin/meter',
      '/admin/meter',
      form({ anonymousFree: 'lots', heading: '', pitch: 'Kept pitch' }),
    );
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain('href="#anonymousFree"');
    expect(r.body).toContain('Enter a whole number from 0 to 50.');
    expect(r.body).toContain('href="#heading"');
    expect(r.body).toContain('Kept pitch');
    expect(t.services.meterSettings.policy().anonymousFree).toBe(3);
    expect((await t.services.meterSettings.copy()).pitch).toBe(DEFAULT_PAYWALL_COPY.pitch);
    const rolling = await business.browser.submit('/admin/meter', '/admin/meter', form({ periodKind: 'rolling', periodDays: '400' }));
    expect(rolling.statusCode).toBe(400);
    expect(rolling.body).toContain('href="#periodDays"');
    const plan = await business.browser.submit('/admin/meter', '/admin/meter', form({ offerPlanSlug: 'no-such-plan' }));
    expect(plan.statusCode).toBe(400);
    expect(plan.body).toContain('href="#offerPlanSlug"');
  });

  it('saves both at once, audited; a reader’s cached walled page shows the new words at once', async () => {
    // A reader who has used their free articles sees the default heading (and the page is cached).
    await t.services.meterSettings.saveAll(
      { ...DEFAULT_METER_POLICY, anonymousFree: 0, registeredExtra: 0 },
      DEFAULT_PAYWALL_COPY,
      t.clock.now,
    );
    const first = await t.app.inject({ url: storyPath });
    expect(first.body).toContain(DEFAULT_PAYWALL_COPY.heading);
    expect((await t.app.inject({ url: storyPath })).body).toContain(DEFAULT_PAYWALL_COPY.heading);

    const r = await business.browser.submit(
      '/admin/meter',
      '/admin/meter',
      form({ anonymousFree: '0', registeredExtra: '0', heading: 'Read on with a subscription', offerPlanSlug: 'digital-monthly' }),
    );
    expect(r.statusCode, r.body.slice(0, 500)).toBe(303);
    expect(r.headers.location).toBe('/admin/meter?saved=1');
    expect((await t.services.meterSettings.copy()).offerPlanSlug).toBe('digital-monthly');
    const reader = await t.app.inject({ url: storyPath });
    expect(reader.body).toContain('Read on with a subscription');
    expect(reader.body).toContain('<strong>$8.00 a month</strong>');
    const [entry] = await auditRows();
    expect(entry).toMatchObject({
      route: 'POST /admin/meter',
      targetKind: 'meter',
      targetId: 'meter',
      targetName: 'Meter and paywall',
      actor: { id: business.staff.id },
      status: 303,
    });
    expect((await business.browser.get('/admin/meter?saved=1')).body).toContain('Saved. Readers see the new meter');
  });
});
