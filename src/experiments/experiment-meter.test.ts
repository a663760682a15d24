/**
 * Experiments on the article page, on both databases: an anonymous meter's arm follows its id
 * (the same arm on every read, both arms among many meters), arm B reads under its own allowance,
 * a signed-in reader's arm follows their id; subscribers, staff and verified crawlers never enter
 * an arm; arm B's wall is its own cached page; paywall views are counted per arm; rolling out arm
 * B writes its words into the paywall copy and its tagline into the site's settings at once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestBrowser } from '../accounts/account-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { countsByArm } from '../funnel/funnel-repository.js';
import { type ArticleMeta, DEFAULT_PAYWALL_COPY, type MeterRequest } from '../meter/index.js';
import { publishStories, signedInReader, subscribeReader, type TestStory } from '../meter/meter-test-support.js';
import { readSiteSettings } from '../settings/index.js';
import { seedDemoPlans } from '../subscriptions/index.js';
import { createTestApp, seedBasics, type TestApp } from '../test-support/test-app.js';

const GOOGLEBOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const GOOGLEBOT_IP = '66.249.66.1';

const request = (over: Partial<MeterRequest> = {}): MeterRequest => ({
  clientIp: '198.51.100.7',
  userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Test',
  preview: false,
  meterCookie: undefined,
  principal: null,
  gift: undefined,
  ...over,
});

/** The meter cookie's value in a Set-Cookie header. */
const cookieValue = (setCookie: string | undefined): string | undefined => /^mh_meter=([^;]*)/.exec(setCookie ?? '')?.[1];

describe.each(DIALECTS)('experiments on the article page on %s', (dialect) => {
  let t: TestApp;
  let stories: TestStory[];
  let premium: TestStory;
  const metas = new Map<string, ArticleMeta>();
  const meta = async (s: TestStory): Promise<ArticleMeta> => {
    let m = metas.get(s.id);
    if (!m) {
      const a = await t.services.articles.get(s.id);
      if (!a) throw new Error('no story');
      m = { id: a.id, access: a.access, sectionId: a.section.id };
      metas.set(s.id, m);
    }
    return m;
  };
  const read = async (s: TestStory, over: Partial<MeterRequest> = {}) => t.services.meter.readArticle(request(over), await meta(s));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    await seedDemoPlans(t.services.db, t.services.clock);
    stories = await publishStories(t, 6);
    [premium] = (await publishStories(t, 1, 'subscribers')) as [TestStory];
  });
  afterAll(async () => {
    await t.close();
  });

  it('puts no reader in an arm while no experiment runs', async () => {
    const s = stories[0] as TestStory;
    expect(t.services.experiments.gate.running()).toBeNull();
    expect((await read(s)).arm).toBeNull();
  });

  it('keeps an anonymous meter in one arm on every read, and arm B reads under its own allowance', async () => {
    const e = await t.services.experiments.start({
      name: 'One free article',
      variant: { kind: 'allowance', allowance: { anonymousFree: 1, registeredExtra: 5 } },
      shareB: 50,
      by: 'Test',
    });
    const [first, second] = stories as [TestStory, TestStory];
    const seen = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const fresh = await read(first, { clientIp: `198.51.${i}.9` });
      const arm = fresh.arm?.arm;
      expect(fresh.arm?.experiment.id).toBe(e.id);
      expect(arm === 'A' || arm === 'B').toBe(true);
      seen.add(arm as string);
      expect(fresh.access.allow && fresh.access.count?.allowance).toBe(arm === 'B' ? 1 : 3);
      const meterCookie = cookieValue(fresh.setCookies[0]);
      expect(meterCookie).toBeTruthy();
      // The same meter: a re-read, a new story, and the story again, all in the same arm.
      for (const s of [first, second, first]) {
        const again = await read(s, { clientIp: `198.51.${i}.9`, meterCookie });
        expect(again.arm?.arm).toBe(arm);
      }
      const next = await read(second, { clientIp: `198.51.${i}.9`, meterCookie });
      if (arm === 'B') expect(next.access).toMatchObject({ allow: false, reason: 'anonymous-quota' });
      else expect(next.access).toMatchObject({ allow: true, count: { used: 2, allowance: 3 } });
    }
    // 24 meters all in one arm would happen about once in 8 million runs.
    expect([...seen].sort()).toEqual(['A', 'B']);
  });

  it('puts a signed-in reader in the arm of their id; never a subscriber, staff or a verified crawler', async () => {
    const running = t.services.experiments.gate.running();
    expect(running).not.toBeNull();
    const [s] = stories as [TestStory];
    const reader = await signedInReader(t);
    const registered = await read(s, { principal: { kind: 'reader', id: reader.id } });
    expect(registered.arm?.arm).toBe(running?.armOfReader(reader.id));
    expect(t.services.experiments.armOfReader(reader.id)?.arm).toBe(registered.arm?.arm);
    // Their checkout counts for that arm.
    const plan = (await t.services.plans.listActive()).find((p) => p.slug === 'digital-monthly');
    const checkout = await reader.b.submit('/subscribe', '/checkout', { plan: plan?.id ?? '' });
    expect(checkout.statusCode, checkout.body.slice(0, 300)).toBe(303);
    await t.services.funnel.flush();
    const counted = await countsByArm(t.services.db, running?.id ?? '');
    expect(counted.filter((c) => c.type === 'checkout_started')).toEqual([
      { experimentId: running?.id, arm: registered.arm?.arm, type: 'checkout_started', count: 1 },
    ]);

    const subscriber = await signedInReader(t);
    await subscribeReader(t, subscriber.id);
    for (const story of [s, premium]) {
      const v = await read(story, { principal: { kind: 'reader', id: subscriber.id } });
      expect(v.access).toMatchObject({ allow: true, reason: 'entitled' });
      expect(v.arm).toBeNull();
      const crawler = await read(story, { clientIp: GOOGLEBOT_IP, userAgent: GOOGLEBOT_UA });
      expect(crawler.access).toMatchObject({ allow: true, reason: 'crawler' });
      expect(crawler.arm).toBeNull();
      const staff = await read(story, { principal: { kind: 'staff', id: 'someone' } });
      expect(staff.arm).toBeNull();
    }
    // A subscriber who still carries an anonymous meter (read before signing in) is in no arm either.
    const anon = await read(s, { clientIp: '192.0.2.44' });
    const carried = await read(s, { principal: { kind: 'reader', id: subscriber.id }, meterCookie: cookieValue(anon.setCookies[0]) });
    expect(carried.arm).toBeNull();
    await t.services.experiments.stop(running?.id as string, 'Test');
    expect(t.services.experiments.gate.running()).toBeNull();
  });

  it('serves arm B its own wall from the page cache, counts paywall views per arm, and rolls out B', async () => {
    const e = await t.services.experiments.start({
      name: 'A warmer wall',
      variant: {
        kind: 'copy',
        copy: { copy: { ...DEFAULT_PAYWALL_COPY, heading: 'Arm B asks you to stay' }, tagline: 'Arm B’s own tagline' },
      },
      shareB: 50,
      by: 'Test',
    });
    // Registering gives nothing more, so a spent meter meets the paywall (not the registration wall).
    await t.services.meterSettings.savePolicy({ ...t.services.meterSettings.policy(), registeredExtra: 0 }, t.clock.now);
    await t.services.experiments.reload();
    const walls = { A: 0, B: 0 };
    for (let i = 0; i < 16; i++) {
      const b = new TestBrowser(t.app);
      for (const s of stories.slice(0, 3)) expect((await b.get(s.path)).statusCode).toBe(200);
      const headings = new Set<string>();
      // A spent allowance (a registration wall in the funnel, though registering gives nothing here)
      // and a subscribers-only story (a paywall shown): both in this meter's arm.
      for (const s of [stories[3] as TestStory, premium]) {
        const r = await b.get(s.path);
        expect(r.body).toContain('class="paywall"');
        headings.add(r.body.includes('Arm B asks you to stay') ? 'B' : 'A');
        if (r.body.includes('Arm B asks you to stay')) expect(r.body).toContain('Arm B’s own tagline');
        else expect(r.body).toContain(DEFAULT_PAYWALL_COPY.heading);
      }
      // The same browser saw one arm's wall on both stories.
      expect(headings.size).toBe(1);
      walls[[...headings][0] as 'A' | 'B'] += 1;
    }
    expect(walls.A).toBeGreaterThan(0);
    expect(walls.B).toBeGreaterThan(0);
    await t.services.funnel.flush();
    const counts = await countsByArm(t.services.db, e.id);
    const paywalls = (arm: string) => counts.find((c) => c.arm === arm && c.type === 'paywall_shown')?.count ?? 0;
    expect({ A: paywalls('A'), B: paywalls('B') }).toEqual(walls);

    const rolled = await t.services.experiments.rollOut(e.id, 'B', 'Test');
    expect(rolled).toMatchObject({ status: 'stopped', winner: 'B', rolledOutBy: 'Test' });
    expect(t.services.experiments.gate.running()).toBeNull();
    expect((await t.services.meterSettings.copy()).heading).toBe('Arm B asks you to stay');
    expect((await readSiteSettings(t.services.db)).tagline).toBe('Arm B’s own tagline');
    await expect(t.services.experiments.rollOut(e.id, 'A', 'Test')).rejects.toMatchObject({ statusCode: 409 });
    // Every reader now meets arm B's words.
    const b = new TestBrowser(t.app);
    for (const s of stories.slice(0, 3)) await b.get(s.path);
    expect((await b.get((stories[3] as TestStory).path)).body).toContain('Arm B asks you to stay');
  });

  it('refuses a second experiment while one runs (409), and stopping one that is not running', async () => {
    const one = await t.services.experiments.start({
      name: 'Two free',
      variant: { kind: 'allowance', allowance: { anonymousFree: 2, registeredExtra: 0 } },
      shareB: 20,
      by: 'Test',
    });
    await expect(
      t.services.experiments.start({
        name: 'Four free',
        variant: { kind: 'allowance', allowance: { anonymousFree: 4, registeredExtra: 0 } },
        shareB: 50,
        by: 'Test',
      }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'EXPERIMENT_RUNNING' });
    await t.services.experiments.stop(one.id, 'Test');
    await expect(t.services.experiments.stop(one.id, 'Test')).rejects.toMatchObject({ statusCode: 409, code: 'EXPERIMENT_NOT_RUNNING' });
    await expect(t.services.experiments.get('no-such-experiment')).rejects.toMatchObject({ statusCode: 404 });
  });
});
