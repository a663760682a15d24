/**
 * Click counting through first-party redirect links, end to end: the edition goes to a real SMTP
 * server started here, and each received message is read as a mail program reads it (mailparser).
 * On (MASTHEAD_NEWSLETTER_CLICKS=on, both databases): every edition link in both parts is a signed
 * click link and the unsubscribe links are not; a click redirects to the story and counts once per
 * recipient (total and unique); HEAD, prefetches and mail scanners are redirected but not counted;
 * no token leads off the paper; the report (service, Admin API, admin screen) shows clicks per
 * link. Off (the default): the links are the plain public URLs and the report has no clicks.
 */
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { linksIn } from '../mail/index.js';
import { loadSecretKeys } from '../secrets.js';
import { must } from '../test-support/must.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';
import { readClickToken, signClickToken } from './click-token.js';
import { headerOf, insertTestReaders, type SmtpSink, startSmtpSink } from './sending-test-support.js';

const DATE = '2026-12-07';
const CLICK = /^https:\/\/paper\.test\/newsletter\/c\/[A-Za-z0-9_-]{40}$/;

interface Received {
  to: string;
  html: string;
  text: string;
  raw: string;
}

async function setUp(
  dialect: 'sqlite' | 'postgres',
  clicks: 'on' | undefined,
): Promise<{ t: TestApp; sink: SmtpSink; ids: Map<string, string> }> {
  const sink = await startSmtpSink();
  const t = await createTestApp(dialect, {
    MASTHEAD_TIMEZONE: 'UTC',
    SMTP_URL: sink.url,
    MASTHEAD_NEWSLETTER_CONNECTIONS: '2',
    MASTHEAD_NEWSLETTER_RATE: '0',
    ...(clicks ? { MASTHEAD_NEWSLETTER_CLICKS: clicks } : {}),
  });
  await seedBasics(t.services);
  t.clock.set(new Date('2026-12-07T05:00:00Z'));
  for (let i = 1; i <= 5; i++)
    await t.services.articles.create(
      {
        headline: `Story ${i} & the harbour`,
        dek: `Dek ${i}`,
        section: 'news',
        authors: ['mara-quint'],
        status: 'published',
        publishedAt: new Date(Date.UTC(2026, 11, 6, 10 + i)),
        body: SAMPLE_BODY,
      },
      'test',
    );
  const ids = await insertTestReaders(
    t.services.db,
    ['ann@x.test', 'bob@x.test', 'cat@x.test'].map((email) => ({ email, optedIn: true })),
    t.clock.now,
  );
  const { progress } = await t.services.newsletterSending.send(DATE, { assemble: true });
  expect(progress.counts.accepted).toBe(3);
  return { t, sink, ids };
}

async function received(sink: SmtpSink): Promise<Received[]> {
  return Promise.all(
    sink.received.map(async (m) => {
      const parsed = await simpleParser(m.raw);
      return { to: m.to, html: String(parsed.html), text: parsed.text ?? '', raw: m.raw };
    }),
  );
}

const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&'));

describe.each(DIALECTS)('click counting on %s, turned on', (dialect) => {
  let t: TestApp;
  let sink: SmtpSink;
  let messages: Received[];
  let storyUrls: string[];
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
  const pathOf = (url: string) => new URL(url).pathname + new URL(url).search;
  const report = () => t.services.editionReports.report(DATE);
  /** The click links of a recipient's copy by the position their token names, and where each leads. */
  const clickLinksOf = async (to: string) => {
    const m = must(messages.find((r) => r.to === to));
    const links = [...new Set(hrefs(m.html).filter((h) => CLICK.test(h)))];
    const keys = loadSecretKeys(t.config);
    const out: { link: string; target: string; position: number }[] = [];
    for (const link of links) {
      const token = must(readClickToken(must(link.split('/').at(-1)), keys));
      expect(token.editionDate).toBe(DATE);
      const target = String((await t.app.inject({ method: 'HEAD', url: pathOf(link) })).headers.location);
      out.push({ link, target, position: token.position });
    }
    return out.sort((a, b) => a.position - b.position);
  };

  beforeAll(async () => {
    ({ t, sink } = await setUp(dialect, 'on'));
    messages = await received(sink);
    const view = await t.services.newsletter.get(DATE);
    storyUrls = (await t.services.newsletter.preview(DATE)).text.match(/https:\/\/paper\.test\/news\/[^\s]+/g) ?? [];
    expect(storyUrls).toHaveLength(view.stories.length);
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('turns every link of the edition into a signed click link, in the HTML and the text; the unsubscribe links stay', () => {
    expect(messages).toHaveLength(3);
    for (const m of messages) {
      const html = hrefs(m.html);
      const text = linksIn(m.text);
      // The front page, "view in browser" and five stories: seven links, each its own click link.
      const clickHtml = [...new Set(html.filter((h) => CLICK.test(h)))];
      expect(clickHtml).toHaveLength(7);
      expect(new Set(text.filter((h) => CLICK.test(h)))).toEqual(new Set(clickHtml));
      // Nothing else but the reader's own links, never a story's public URL.
      for (const link of [...html, ...text].filter((h) => !CLICK.test(h)))
        expect(link).toMatch(/^https:\/\/paper\.test\/(newsletter\/unsubscribe\/[A-Za-z0-9_-]{43}|account)$/);
      const unsubscribe = must(headerOf(m.raw, 'List-Unsubscribe'));
      expect(unsubscribe).toMatch(/^<https:\/\/paper\.test\/newsletter\/unsubscribe\/[A-Za-z0-9_-]{43}>$/);
      expect(html).toContain(unsubscribe.slice(1, -1));
      expect(text).toContain(unsubscribe.slice(1, -1));
      // Nothing loads by itself through a counting URL: no open is counted.
      expect(m.html).not.toMatch(/<img [^>]*src="[^"]*\/newsletter\//);
    }
    // Each recipient's links are their own.
    const [a, b] = messages.map((m) => new Set(hrefs(m.html).filter((h) => CLICK.test(h))));
    expect([...must(a)].some((l) => must(b).has(l))).toBe(false);
  });

  it('leads each click link to its own page of the edition, the stories in the email’s order', async () => {
    const links = await clickLinksOf('ann@x.test');
    expect(links.map((l) => l.position)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(links.map((l) => l.target)).toEqual(['https://paper.test/', 'https://paper.test/newsletter/2026-12-07', ...storyUrls]);
    const readerId = must(await t.services.accounts.findReaderByEmail('ann@x.test')).id;
    for (const l of links) expect(readClickToken(must(l.link.split('/').at(-1)), loadSecretKeys(t.config))?.readerId).toBe(readerId);
  });

  it('redirects a click to the story and counts it once per recipient; another click counts in the total only', async () => {
    const ann = must((await clickLinksOf('ann@x.test'))[2]);
    const bob = must((await clickLinksOf('bob@x.test'))[2]);
    const first = await get(pathOf(ann.link));
    expect(first.statusCode).toBe(302);
    expect(first.headers.location).toBe(storyUrls[0]);
    expect(first.headers['cache-control']).toBe('private, no-store');
    expect(first.headers['referrer-policy']).toBe('no-referrer');
    const story = (r: Awaited<ReturnType<typeof report>>) => must(r.clicks?.links.find((l) => l.position === 2));
    expect(story(await report())).toMatchObject({ kind: 'story', url: storyUrls[0], clicks: 1, unique: 1 });
    await get(pathOf(ann.link));
    expect(story(await report())).toMatchObject({ clicks: 2, unique: 1 });
    await get(pathOf(bob.link));
    const r = await report();
    expect(story(r)).toMatchObject({ clicks: 3, unique: 2 });
    expect(must(r.clicks)).toMatchObject({ total: 3, unique: 2, readers: 2 });
    // Two recipients clicked; ann's second link is a new unique click, not a new reader.
    await get(pathOf(must((await clickLinksOf('ann@x.test'))[3]).link));
    expect(must((await report()).clicks)).toMatchObject({ total: 4, unique: 3, readers: 2 });
  });

  it('redirects link previews, prefetches and mail scanners without counting them', async () => {
    const cat = must((await clickLinksOf('cat@x.test'))[4]);
    const before = must((await report()).clicks);
    for (const headers of <Record<string, string>[]>[
      { 'user-agent': 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)' },
      { 'user-agent': 'Mozilla/5.0 (compatible; Barracuda Sentinel URL scanner)' },
      { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0) Mimecast' },
      { 'sec-purpose': 'prefetch' },
    ]) {
      const r = await get(pathOf(cat.link), headers);
      expect(r.statusCode).toBe(302);
      expect(r.headers.location).toBe(cat.target);
    }
    const head = await t.app.inject({ method: 'HEAD', url: pathOf(cat.link) });
    expect(head.statusCode).toBe(302);
    expect(head.headers.location).toBe(cat.target);
    expect(must((await report()).clicks)).toEqual(before);
  });

  it('never leads off the paper: a changed token, another edition, a link the edition does not have go to the front page', async () => {
    const ann = must((await clickLinksOf('ann@x.test'))[2]);
    const before = must((await report()).clicks);
    const token = must(pathOf(ann.link).split('/').at(-1));
    const changed = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`;
    const readerId = must((await t.services.accounts.findReaderByEmail('ann@x.test'))?.id);
    const keys = loadSecretKeys(t.config);
    const cases = [
      `/newsletter/c/${changed}`,
      `/newsletter/c/${signClickToken({ editionDate: '2026-12-06', readerId, position: 2 }, keys)}`,
      `/newsletter/c/${signClickToken({ editionDate: DATE, readerId, position: 40 }, keys)}`,
      `/newsletter/c/${signClickToken({ editionDate: DATE, readerId, position: 2 }, ['a-key-that-is-not-the-paper-s-0000000000'])}`,
      '/newsletter/c/not-a-token',
      `/newsletter/c/${encodeURIComponent('https://evil.example/')}`,
    ];
    for (const url of cases) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(302);
      expect(r.headers.location, url).toBe('https://paper.test/');
    }
    // A URL in the query is never where a click goes.
    const withUrl = await get(`${pathOf(ann.link)}?url=https://evil.example/&to=https://evil.example/`);
    expect(withUrl.headers.location).toBe(storyUrls[0]);
    expect(must((await report()).clicks).total).toBe(before.total + 1);
    // A token too long for the route is refused before anything else.
    expect((await get(`/newsletter/c/${'A'.repeat(200)}`)).statusCode).toBe(400);
  });

  it('shows clicks per link in the Admin API’s report and on the edition’s admin screen', async () => {
    const key = (await t.services.apiKeys.createKey({ name: 'ed', kind: 'admin', role: 'editor', createdBy: 'test' })).secret;
    const api = await t.app.inject({
      method: 'GET',
      url: `/api/v1/admin/editions/${DATE}/report`,
      headers: { authorization: `Bearer ${key}` },
    });
    expect(api.statusCode).toBe(200);
    const body = api.json();
    expect(body.clicks.links.map((l: { kind: string }) => l.kind)).toEqual([
      'home',
      'browser',
      'story',
      'story',
      'story',
      'story',
      'story',
    ]);
    expect(body.clicks.links[2]).toMatchObject({ position: 2, url: storyUrls[0], clicks: 4, unique: 2 });
    expect(body.clicks.links[2].label).toMatch(/^Story \d & the harbour$/);
    expect(body.clicks).toMatchObject({ total: 5, unique: 3, readers: 2 });
    const editor = await signInStaff(t, 'editor');
    const page = await editor.browser.get(`/admin/newsletter/${DATE}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('2 readers (66.7 % of the recipients) clicked a link');
    expect(page.body).toMatch(/<th scope="row"><a href="[^"]+">Story \d &amp; the harbour<\/a><\/th><td>2<\/td><td>4<\/td>/);
    expect(page.body).toContain('The front page');
  });

  it('keeps the links of the "view in browser" page plain', async () => {
    const page = await get(`/newsletter/${DATE}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('/newsletter/c/');
    for (const url of storyUrls) expect(page.body).toContain(`href="${new URL(url).pathname}"`);
  });
});

describe('click counting off (the default)', () => {
  let t: TestApp;
  let sink: SmtpSink;

  beforeAll(async () => {
    ({ t, sink } = await setUp('sqlite', undefined));
  });
  afterAll(async () => {
    await t?.close();
    await sink?.close();
  });

  it('sends the plain public links, stores no links, and the report has no clicks', async () => {
    const messages = await received(sink);
    const preview = await t.services.newsletter.preview(DATE);
    const storyUrls = preview.text.match(/https:\/\/paper\.test\/news\/[^\s]+/g) ?? [];
    expect(storyUrls).toHaveLength(5);
    for (const m of messages) {
      expect(m.raw).not.toContain('/newsletter/c/');
      for (const url of storyUrls) {
        expect(hrefs(m.html)).toContain(url);
        expect(linksIn(m.text)).toContain(url);
      }
      expect(hrefs(m.html)).toContain('https://paper.test/');
    }
    expect(await t.services.db.selectFrom('newsletter_links').selectAll().execute()).toEqual([]);
    expect((await t.services.editionReports.report(DATE)).clicks).toBeNull();
  });

  it('answers a click link with the front page (no links were stored), counting nothing', async () => {
    const readerId = must((await t.services.accounts.findReaderByEmail('ann@x.test'))?.id);
    const r = await t.app.inject({
      method: 'GET',
      url: `/newsletter/c/${signClickToken({ editionDate: DATE, readerId, position: 2 }, loadSecretKeys(t.config))}`,
    });
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe('https://paper.test/');
  });
});
