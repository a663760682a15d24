/**
 * /admin/experiments over HTTP on both databases: who may open it, CSRF on every POST, a bad form
 * answered 400 naming each field (nothing started), the preview of arm B through the reader's own
 * page (nothing started, nothing audited), starting (audited), a second start while one runs (409,
 * the form kept), the results page, stopping, rolling out (policy changed, audited in the same
 * transaction, once), and the Admin API's own 400s and 409s.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedInStaff, signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import type { TestApp } from '../test-support/test-app.js';
import { experimentFormOf } from './experiment-form.js';
import { officeTestApp } from './office-test-support.js';

const A = '/api/v1/admin';

describe.each(DIALECTS)('the experiments screens and API on %s', (dialect) => {
  let t: TestApp;
  let business: SignedInStaff;
  let storyId = '';
  let key = '';
  const allowanceForm = (over: Record<string, string> = {}) => ({
    ...experimentFormOf('allowance', DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY, 'An independent daily paper', storyId),
    name: 'Two free articles',
    anonymousFree: '2',
    ...over,
  });
  const auditRows = async () => (await t.services.audit.page()).events.filter((e) => e.route.includes('/experiments'));
  const api = (method: 'GET' | 'POST', url: string, body?: unknown) =>
    t.app.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(body !== undefined && { payload: body as object }) });

  beforeAll(async () => {
    const made = await officeTestApp(dialect);
    ({ t, business } = made);
    storyId = made.story.id;
    key = (await t.services.apiKeys.createKey({ name: 'office', kind: 'admin', role: 'business', createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  it('opens to business and owner, with a link in the navigation; others are refused', async () => {
    const page = await business.browser.get('/admin/experiments');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/admin/experiments" aria-current="page">Experiments</a>');
    expect(page.body).toContain('No experiment yet.');
    expect((await business.browser.get('/admin/experiments/new?kind=copy')).body).toContain('value="An independent daily paper"');
    const owner = await signInStaff(t, 'owner');
    expect((await owner.browser.get('/admin/experiments/new')).statusCode).toBe(200);
    for (const role of ['editor', 'writer'] as const) {
      const other = await signInStaff(t, role);
      expect((await other.browser.get('/admin/experiments')).statusCode).toBe(403);
    }
    expect((await business.browser.get('/admin/experiments/new?kind=sideways')).statusCode).toBe(400);
  });

  it('refuses a POST without the form’s CSRF token, starting nothing', async () => {
    const r = await business.browser.post('/admin/experiments', allowanceForm());
    expect(r.statusCode).toBe(403);
    expect(await t.services.experiments.list()).toEqual([]);
  });

  it('answers a bad form with 400 naming each field, keeping what was typed, starting nothing', async () => {
    const r = await business.browser.submit(
      '/admin/experiments/new',
      '/admin/experiments',
      allowanceForm({ name: '', shareB: '100', anonymousFree: 'lots', registeredExtra: '7' }),
    );
    expect(r.statusCode).toBe(400);
    for (const field of ['name', 'shareB', 'anonymousFree']) expect(r.body).toContain(`href="#${field}"`);
    expect(r.body).toContain('Enter a whole number from 1 to 99.');
    expect(r.body).toContain('value="7"');
    const copy = await business.browser.submit('/admin/experiments/new?kind=copy', '/admin/experiments', {
      ...experimentFormOf('copy', DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY, 'x', storyId),
      name: 'Words',
      tagline: '',
      heading: '',
      offerPlanSlug: 'no-such-plan',
    });
    expect(copy.statusCode).toBe(400);
    for (const field of ['tagline', 'heading', 'offerPlanSlug']) expect(copy.body).toContain(`href="#${field}"`);
    expect(await t.services.experiments.list()).toEqual([]);
  });

  it('previews arm B through the reader’s page, starting and auditing nothing', async () => {
    const r = await business.browser.submit('/admin/experiments/new?kind=copy', '/admin/experiments/preview', {
      ...experimentFormOf('copy', DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY, 'x', storyId),
      name: 'Words',
      heading: 'Stay with the harbour',
    });
    expect(r.statusCode, r.body.slice(0, 400)).toBe(200);
    expect(r.body).toContain('Arm B, previewed (not started)');
    const frames = [...r.body.matchAll(/<iframe[^>]*srcdoc="([^"]*)"/g)].map((m) => m[1] ?? '');
    expect(frames.length).toBe(2);
    expect(frames.every((f) => f.includes('Stay with the harbour'))).toBe(true);
    expect(await t.services.experiments.list()).toEqual([]);
    expect(await auditRows()).toEqual([]);
  });

  it('starts one experiment (audited), refuses a second with 409, shows the results, stops and rolls out once', async () => {
    const r = await business.browser.submit('/admin/experiments/new', '/admin/experiments', allowanceForm({ shareB: '30' }));
    expect(r.statusCode, r.body.slice(0, 400)).toBe(303);
    const location = String(r.headers.location);
    const id = /\/admin\/experiments\/([^?]+)\?done=started$/.exec(location)?.[1] as string;
    expect(id).toBeTruthy();
    expect(t.services.experiments.gate.running()?.id).toBe(id);

    const second = await business.browser.submit(
      '/admin/experiments/new',
      '/admin/experiments',
      allowanceForm({ name: 'Four free', anonymousFree: '4' }),
    );
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('Another experiment is running.');
    expect(second.body).toContain('value="Four free"');
    const list = await business.browser.get('/admin/experiments');
    expect(list.body).toContain('Running now:');
    expect(list.body).not.toContain('Test free articles');

    const page = await business.browser.get(location);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Started. Readers meet their arm');
    expect(page.body).toContain('2 free articles without an account, 5 more with one');
    expect(page.body).toContain('No result yet: each arm needs paywall views first.');
    expect(page.body).toContain('30 %');

    const noToken = await business.browser.post(`/admin/experiments/${id}/stop`, {});
    expect(noToken.statusCode).toBe(403);
    const stop = await business.browser.submit(location, `/admin/experiments/${id}/stop`, {});
    expect(stop.statusCode).toBe(303);
    expect(t.services.experiments.gate.running()).toBeNull();
    const again = await business.browser.submit(location, `/admin/experiments/${id}/stop`, {});
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('This experiment is not running.');

    const badArm = await business.browser.submit(location, `/admin/experiments/${id}/rollout`, { arm: 'C' });
    expect(badArm.statusCode).toBe(400);
    expect(t.services.meterSettings.policy().anonymousFree).toBe(3);
    const roll = await business.browser.submit(location, `/admin/experiments/${id}/rollout`, { arm: 'B' });
    expect(roll.statusCode, roll.body.slice(0, 400)).toBe(303);
    expect(t.services.meterSettings.policy()).toEqual({ ...DEFAULT_METER_POLICY, anonymousFree: 2 });
    const twice = await business.browser.submit(location, `/admin/experiments/${id}/rollout`, { arm: 'A' });
    expect(twice.statusCode).toBe(409);
    expect(t.services.meterSettings.policy().anonymousFree).toBe(2);
    expect((await business.browser.get(location)).body).toContain('Rolled out arm B');

    const rows = await auditRows();
    expect(rows.map((e) => e.route).sort()).toEqual([
      'POST /admin/experiments',
      'POST /admin/experiments/:id/rollout',
      'POST /admin/experiments/:id/stop',
    ]);
    const rollout = rows.find((e) => e.route.endsWith('/rollout'));
    expect(rollout).toMatchObject({
      targetKind: 'experiment',
      targetId: id,
      targetName: 'Two free articles',
      actor: { id: business.staff.id },
      status: 303,
    });
    // Back to the policy the other tests expect.
    await t.services.meterSettings.savePolicy(DEFAULT_METER_POLICY, t.clock.now);
  });

  it('serves the Admin API: start, read, 409 on a second, bad bodies 400 naming the field, stop, roll out', async () => {
    const bad = await api('POST', `${A}/experiments`, { name: 'No arm', kind: 'allowance' });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('body.allowance');
    const badShare = await api('POST', `${A}/experiments`, {
      name: 'x',
      kind: 'allowance',
      allowance: { anonymousFree: 4, registeredExtra: 0 },
      share_b: 0,
    });
    expect(badShare.statusCode).toBe(400);
    const extra = await api('POST', `${A}/experiments`, {
      name: 'x',
      kind: 'allowance',
      allowance: { anonymousFree: 4, registeredExtra: 0, more: 1 },
    });
    expect(extra.statusCode).toBe(400);

    const started = await api('POST', `${A}/experiments`, {
      name: 'Warmer words',
      kind: 'copy',
      paywall: { copy: { ...DEFAULT_PAYWALL_COPY, heading: 'Stay with us' }, tagline: 'Our town, reported' },
    });
    expect(started.statusCode, started.body).toBe(201);
    const body = started.json();
    expect(body.experiment).toMatchObject({ name: 'Warmer words', kind: 'copy', share_b: 50, status: 'running', allowance: null });
    expect(body.results.arms).toHaveLength(2);
    const id = body.experiment.id as string;
    const conflict = await api('POST', `${A}/experiments`, {
      name: 'Other',
      kind: 'allowance',
      allowance: { anonymousFree: 4, registeredExtra: 0 },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('EXPERIMENT_RUNNING');
    expect((await api('GET', `${A}/experiments`)).json().data[0].id).toBe(id);
    expect((await api('GET', `${A}/experiments/${id}`)).json().results).toMatchObject({ significant: false, better: null });
    expect((await api('GET', `${A}/experiments/nope`)).statusCode).toBe(404);
    expect((await api('POST', `${A}/experiments/${id}/rollout`, { arm: 'C' })).statusCode).toBe(400);
    const rolled = await api('POST', `${A}/experiments/${id}/rollout`, { arm: 'B' });
    expect(rolled.statusCode, rolled.body).toBe(200);
    expect(rolled.json().experiment).toMatchObject({ status: 'stopped', winner: 'B' });
    expect((await t.services.meterSettings.copy()).heading).toBe('Stay with us');
    expect((await api('POST', `${A}/experiments/${id}/stop`)).statusCode).toBe(409);
  });
});
