/**
 * Every Admin API route against every kind of key. The route list comes from the app
 * itself, so a new admin route without an entry in ROUTES fails here until someone decides who
 * may use it. Each entry makes a sound request, so allowed means it succeeds (2xx, and so neither
 * 401 nor 403); refused means 403. Writers' own-drafts rule has its own tests below the table.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReader } from '../accounts/reader-repository.js';
import { makeStaff } from '../admin/admin-test-support.js';
import { DIALECTS } from '../db/test-databases.js';
import { DEFAULT_METER_POLICY, DEFAULT_PAYWALL_COPY } from '../meter/index.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

const WHO = ['owner', 'editor', 'writer', 'business', 'partner'] as const;
type Who = (typeof WHO)[number];
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

const STAFF: readonly Who[] = ['owner', 'editor', 'writer', 'business'];
const WRITERS: readonly Who[] = ['owner', 'editor', 'writer'];
const EDITORS: readonly Who[] = ['owner', 'editor'];
const BUSINESS: readonly Who[] = ['owner', 'business'];

interface Call {
  url: string;
  body?: string | Buffer | Record<string, unknown>;
  headers?: Record<string, string>;
}

interface Fixtures {
  /** A fresh draft made by the writer key: every role's test call gets its own. */
  writerDraft(): Promise<{ id: string; slug: string }>;
  section(): Promise<string>;
  author(): Promise<string>;
  tag(): Promise<string>;
  /** A plan (no subscribers), an offer and a reader, made by the owner key or the accounts feature. */
  plan(): Promise<string>;
  offer(): Promise<string>;
  organisation(): Promise<string>;
  reader(): Promise<string>;
  /** A draft edition of a date of its own (a past date: never scheduled by itself), with five published stories. */
  edition(): Promise<{ date: string; storyId: string }>;
  /** A published story. */
  published(): Promise<string>;
  /** A draft magazine edition of a week of its own, holding one published story with a picture: its number. */
  magazine(): Promise<number>;
  /** An active staff member's address (test sends go only to staff). */
  staffEmail(): Promise<string>;
  /** No experiment running (a start would be 409 otherwise). */
  noExperiment(): Promise<void>;
  /** A running experiment of its own (any running one stopped first): its id. */
  experiment(): Promise<string>;
  unique(): string;
}

const A = '/api/v1/admin';

const planBody = (n: string) => ({
  name: `Plan ${n}`,
  slug: `plan-${n}`,
  price_cents: 900,
  currency: 'usd',
  interval: 'month',
  entitlements: ['web'],
});
const offerBody = (n: string) => ({ code: `ROLES${n}`, kind: 'percent', value: 10, months: 2 });
const organisationBody = (n: string) => ({ name: `Library ${n}`, ip_ranges: ['192.0.2.0/24'], seat_limit: 5 });

/** Who may use each admin route, and a sound request to it. One entry per route, no more. */
const ROUTES: Record<string, { allowed: readonly Who[]; call: (f: Fixtures) => Promise<Call> }> = {
  [`GET ${A}/articles`]: { allowed: STAFF, call: async () => ({ url: `${A}/articles` }) },
  [`GET ${A}/articles/:id`]: { allowed: STAFF, call: async (f) => ({ url: `${A}/articles/${(await f.writerDraft()).id}` }) },
  [`POST ${A}/articles`]: {
    allowed: WRITERS,
    call: async (f) => ({ url: `${A}/articles`, body: draftBody(`Story ${f.unique()}`) }),
  },
  [`PUT ${A}/articles/:id`]: {
    allowed: WRITERS,
    call: async (f) => {
      const a = await f.writerDraft();
      return { url: `${A}/articles/${a.id}`, body: draftBody('Changed headline', { slug: a.slug }), headers: { 'if-match': '"v1"' } };
    },
  },
  [`DELETE ${A}/articles/:id`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/articles/${(await f.writerDraft()).id}` }) },
  [`POST ${A}/articles/:id/publish`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/articles/${(await f.writerDraft()).id}/publish` }),
  },
  [`POST ${A}/articles/:id/unpublish`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/articles/${(await f.writerDraft()).id}/unpublish` }),
  },
  [`POST ${A}/articles/:id/schedule`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/articles/${(await f.writerDraft()).id}/schedule`, body: { publish_at: '2027-01-01T08:00:00Z' } }),
  },
  [`POST ${A}/sections`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/sections`, body: { slug: `s-${f.unique()}`, name: 'S' } }) },
  [`PATCH ${A}/sections/:id`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/sections/${await f.section()}`, body: { name: 'Renamed' } }),
  },
  [`DELETE ${A}/sections/:id`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/sections/${await f.section()}` }) },
  [`POST ${A}/authors`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/authors`, body: { name: `Author ${f.unique()}` } }) },
  [`PATCH ${A}/authors/:id`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/authors/${await f.author()}`, body: { bio: 'New bio.' } }),
  },
  [`DELETE ${A}/authors/:id`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/authors/${await f.author()}` }) },
  [`POST ${A}/tags`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/tags`, body: { name: `Tag ${f.unique()}` } }) },
  [`PATCH ${A}/tags/:id`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/tags/${await f.tag()}`, body: { name: 'Renamed' } }) },
  [`DELETE ${A}/tags/:id`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/tags/${await f.tag()}` }) },
  [`POST ${A}/images`]: {
    allowed: EDITORS,
    call: async () => {
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#2a6f97' } })
        .png()
        .toBuffer();
      const boundary = '----masthead-roles-boundary';
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n`),
        png,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return { url: `${A}/images`, body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
    },
  },
  [`GET ${A}/plans`]: { allowed: STAFF, call: async () => ({ url: `${A}/plans` }) },
  [`POST ${A}/plans`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/plans`, body: planBody(f.unique()) }) },
  [`PATCH ${A}/plans/:id`]: {
    allowed: BUSINESS,
    call: async (f) => ({ url: `${A}/plans/${await f.plan()}`, body: { description: 'Changed.', price_cents: 1000 } }),
  },
  [`GET ${A}/offers`]: { allowed: STAFF, call: async () => ({ url: `${A}/offers` }) },
  [`POST ${A}/offers`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/offers`, body: offerBody(f.unique()) }) },
  [`PATCH ${A}/offers/:id`]: {
    allowed: BUSINESS,
    call: async (f) => ({ url: `${A}/offers/${await f.offer()}`, body: { active: false } }),
  },
  [`GET ${A}/organisations`]: { allowed: BUSINESS, call: async () => ({ url: `${A}/organisations` }) },
  [`GET ${A}/organisations/:id`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/organisations/${await f.organisation()}` }) },
  [`POST ${A}/organisations`]: {
    allowed: BUSINESS,
    call: async (f) => ({ url: `${A}/organisations`, body: organisationBody(f.unique()) }),
  },
  [`PATCH ${A}/organisations/:id`]: {
    allowed: BUSINESS,
    call: async (f) => ({ url: `${A}/organisations/${await f.organisation()}`, body: { seat_limit: 9 } }),
  },
  [`POST ${A}/organisations/:id/deactivate`]: {
    allowed: BUSINESS,
    call: async (f) => ({ url: `${A}/organisations/${await f.organisation()}/deactivate` }),
  },
  [`GET ${A}/readers`]: { allowed: BUSINESS, call: async () => ({ url: `${A}/readers?email=example` }) },
  [`GET ${A}/readers/:id`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/readers/${await f.reader()}` }) },
  [`GET ${A}/meter`]: { allowed: ['owner', 'editor', 'business'], call: async () => ({ url: `${A}/meter` }) },
  [`PUT ${A}/meter/policy`]: {
    allowed: ['owner', 'business'],
    call: async () => ({ url: `${A}/meter/policy`, body: { ...DEFAULT_METER_POLICY, anonymousFree: 4 } }),
  },
  [`PUT ${A}/meter/paywall`]: {
    allowed: ['owner', 'business'],
    call: async () => ({ url: `${A}/meter/paywall`, body: { ...DEFAULT_PAYWALL_COPY, signature: 'Ruth Alder, Editor' } }),
  },
  [`GET ${A}/experiments`]: { allowed: BUSINESS, call: async () => ({ url: `${A}/experiments` }) },
  [`POST ${A}/experiments`]: {
    allowed: BUSINESS,
    call: async (f) => {
      await f.noExperiment();
      return {
        url: `${A}/experiments`,
        body: { name: `Test ${f.unique()}`, kind: 'allowance', allowance: { anonymousFree: 4, registeredExtra: 5 } },
      };
    },
  },
  [`GET ${A}/experiments/:id`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/experiments/${await f.experiment()}` }) },
  [`POST ${A}/experiments/:id/stop`]: { allowed: BUSINESS, call: async (f) => ({ url: `${A}/experiments/${await f.experiment()}/stop` }) },
  [`POST ${A}/experiments/:id/rollout`]: {
    allowed: BUSINESS,
    // Arm A: the meter stays as it is for the rest of the table.
    call: async (f) => ({ url: `${A}/experiments/${await f.experiment()}/rollout`, body: { arm: 'A' } }),
  },
  [`GET ${A}/funnel`]: { allowed: ['owner', 'business'], call: async () => ({ url: `${A}/funnel?from=2026-12-01&to=2026-12-31` }) },
  [`GET ${A}/editions`]: { allowed: EDITORS, call: async () => ({ url: `${A}/editions` }) },
  [`POST ${A}/editions`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/editions`, body: { date: (await f.edition()).date } }) },
  [`GET ${A}/editions/:date`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}` }) },
  [`PATCH ${A}/editions/:date`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}`, body: { intro: 'Good morning.' } }),
  },
  [`POST ${A}/editions/:date/stories`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/stories`, body: { article_id: await f.published() } }),
  },
  [`DELETE ${A}/editions/:date/stories/:articleId`]: {
    allowed: EDITORS,
    call: async (f) => {
      const e = await f.edition();
      return { url: `${A}/editions/${e.date}/stories/${e.storyId}` };
    },
  },
  [`POST ${A}/editions/:date/schedule`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/schedule`, body: {} }),
  },
  [`POST ${A}/editions/:date/hold`]: { allowed: EDITORS, call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/hold` }) },
  [`GET ${A}/editions/:date/preview`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/preview` }),
  },
  [`GET ${A}/editions/:date/report`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/report` }),
  },
  [`GET ${A}/magazine/editions`]: { allowed: EDITORS, call: async () => ({ url: `${A}/magazine/editions` }) },
  [`POST ${A}/magazine/editions`]: {
    allowed: EDITORS,
    call: async () => ({ url: `${A}/magazine/editions`, body: { week_of: '2027-06-01' } }),
  },
  [`GET ${A}/magazine/editions/:number`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/magazine/editions/${await f.magazine()}` }),
  },
  [`PATCH ${A}/magazine/editions/:number`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/magazine/editions/${await f.magazine()}`, body: { editor_note: 'This week.' } }),
  },
  [`POST ${A}/magazine/editions/:number/freeze`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/magazine/editions/${await f.magazine()}/freeze` }),
  },
  [`POST ${A}/editions/:date/test`]: {
    allowed: EDITORS,
    call: async (f) => ({ url: `${A}/editions/${(await f.edition()).date}/test`, body: { to: [await f.staffEmail()] } }),
  },
};

function draftBody(headline: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  return { headline, section: 'news', authors: ['mara-quint'], body: SAMPLE_BODY, ...over };
}

/**
 * `METHOD /path` of every route the app serves, read from `printRoutes` (a tree: four columns a
 * level, each line a path segment and its methods). HEAD routes are Fastify's own twins of GETs.
 */
function routesOf(tree: string): string[] {
  const routes: string[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    stack.length = (m[1] ?? '').length / 4;
    stack.push(m[2] ?? '');
    const path = stack.join('');
    for (const method of (m[3] ?? '').split(', ')) if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
  }
  return routes;
}

describe.each(DIALECTS)('Admin API roles on %s', (dialect) => {
  let t: TestApp;
  const keys = {} as Record<Who, string>;
  let n = 0;
  let writerKeyId = '';

  const inject = (who: Who, method: Method, call: Call) =>
    t.app.inject({
      method,
      url: call.url,
      headers: { authorization: `Bearer ${keys[who]}`, ...call.headers },
      ...(call.body !== undefined && { payload: call.body }),
    });
  const created = async (who: Who, url: string, body: Record<string, unknown>) => {
    const r = await inject(who, 'POST', { url, body });
    expect(r.statusCode, `${who} POST ${url}: ${r.body}`).toBe(201);
    return r.json() as { id: string; slug: string };
  };
  const fixtures: Fixtures = {
    unique: () => `${++n}`,
    writerDraft: () => created('writer', `${A}/articles`, draftBody(`Draft ${++n}`)),
    section: async () => (await created('owner', `${A}/sections`, { slug: `section-${++n}`, name: 'Section' })).slug,
    author: async () => (await created('owner', `${A}/authors`, { name: `Author ${++n}`, slug: `author-${n}` })).slug,
    tag: async () => (await created('owner', `${A}/tags`, { name: `Tag ${++n}`, slug: `tag-${n}` })).slug,
    plan: async () => (await created('owner', `${A}/plans`, planBody(`fixture-${++n}`))).id,
    offer: async () => (await created('owner', `${A}/offers`, offerBody(`F${++n}`))).id,
    organisation: async () => (await created('owner', `${A}/organisations`, organisationBody(`fixture-${++n}`))).id,
    reader: async () => {
      const id = `roles-reader-${++n}`;
      await insertReader(t.services.db, { id, email: `${id}@example.com`, passwordHash: null, at: t.clock.now });
      return id;
    },
    published: async () => {
      const a = await t.services.articles.create(
        { headline: `Published ${++n}`, dek: 'Dek.', section: 'news', authors: ['mara-quint'], status: 'published', body: SAMPLE_BODY },
        'test',
      );
      return a.id;
    },
    edition: async () => {
      while (publishedCount < 5) {
        await fixtures.published();
        publishedCount++;
      }
      const date = new Date(Date.UTC(2025, 0, 1 + ++n)).toISOString().slice(0, 10);
      const made = await t.services.newsletter.assemble(date, 'test');
      return { date, storyId: made.edition.storyIds[0] ?? '' };
    },
    staffEmail: async () => (await makeStaff(t, 'editor')).email,
    noExperiment: async () => {
      const running = t.services.experiments.gate.running();
      if (running) await t.services.experiments.stop(running.id, 'test');
    },
    experiment: async () => {
      await fixtures.noExperiment();
      const variant = { kind: 'allowance', allowance: { anonymousFree: 4, registeredExtra: 5 } } as const;
      return (await t.services.experiments.start({ name: `Fixture ${++n}`, variant, shareB: 50, by: 'test' })).id;
    },
    magazine: async () => {
      // A week of its own (Mondays from 2024 on), one story with a picture published in it.
      const publishedAt = new Date(Date.UTC(2024, 0, 1 + 7 * ++n, 9));
      const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#2a6f97' } })
        .png()
        .toBuffer();
      const image = await t.services.media.ingestImage(png);
      await t.services.articles.create(
        {
          headline: `Pictured ${n}`,
          dek: 'Dek.',
          section: 'news',
          authors: ['mara-quint'],
          status: 'published',
          publishedAt,
          body: SAMPLE_BODY,
          hero: { imageId: image.id, alt: 'A picture' },
        },
        'test',
      );
      return (await t.services.magazine.propose(publishedAt.toISOString().slice(0, 10), 'test')).edition.number;
    },
  };
  let publishedCount = 0;

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    for (const role of ['owner', 'editor', 'writer', 'business'] as const) {
      const made = await t.services.apiKeys.createKey({ name: role, kind: 'admin', role, createdBy: 'test' });
      keys[role] = made.secret;
      if (role === 'writer') writerKeyId = made.key.id;
    }
    keys.partner = (await t.services.apiKeys.createKey({ name: 'partner', kind: 'content-partner', role: null, createdBy: 'test' })).secret;
  });
  afterAll(async () => {
    await t.close();
  });

  const adminRoutes = () => routesOf(t.app.printRoutes({ commonPrefix: false })).filter((r) => r.split(' ')[1]?.startsWith(`${A}/`));

  it('has an entry for every Admin API route the app serves, and none for a route it does not', () => {
    const served = adminRoutes();
    expect(served).toContain(`GET ${A}/articles/:id`);
    expect(served.filter((r) => !Object.hasOwn(ROUTES, r))).toEqual([]);
    expect(Object.keys(ROUTES).filter((r) => !served.includes(r))).toEqual([]);
  });

  it.each(WHO)('answers %s keys as the table says on every admin route', async (who) => {
    const wrong: string[] = [];
    for (const route of adminRoutes()) {
      const entry = ROUTES[route];
      if (!entry) continue; // reported by the test above
      const [method, path] = route.split(' ') as [Method, string];
      const r = await inject(who, method, await entry.call(fixtures));
      const allowed = entry.allowed.includes(who);
      const ok = allowed ? r.statusCode >= 200 && r.statusCode < 300 : r.statusCode === 403;
      if (!ok) wrong.push(`${method} ${path}: expected ${allowed ? 'allowed' : '403'}, got ${r.statusCode} ${r.body.slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
  });

  describe('writers draft their own stories', () => {
    const put = (who: Who, a: { id: string; slug: string }, version: number, over: Record<string, unknown> = {}) =>
      inject(who, 'PUT', {
        url: `${A}/articles/${a.id}`,
        body: draftBody('A new headline', { slug: a.slug, ...over }),
        headers: { 'if-match': `"v${version}"` },
      });
    const createdBy = async (id: string) =>
      (await t.services.db.selectFrom('articles').select('created_by').where('id', '=', id).executeTakeFirstOrThrow()).created_by;

    it('creates a draft, and records the key that created it', async () => {
      const r = await inject('writer', 'POST', { url: `${A}/articles`, body: draftBody('Writer files a story') });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({ status: 'draft' });
      expect(await createdBy(r.json().id)).toBe(`api-key:${writerKeyId}`);
      const explicit = await inject('writer', 'POST', { url: `${A}/articles`, body: draftBody('Writer again', { status: 'draft' }) });
      expect(explicit.statusCode).toBe(201);
    });

    it('tags its drafts with existing tags only: a new one is 403 naming body.tags', async () => {
      const tag = await fixtures.tag();
      const ok = await inject('writer', 'POST', { url: `${A}/articles`, body: draftBody('Tagged draft', { tags: [tag] }) });
      expect(ok.statusCode).toBe(201);
      const r = await inject('writer', 'POST', { url: `${A}/articles`, body: draftBody('New tag draft', { tags: [tag, 'brand-new'] }) });
      expect(r.statusCode).toBe(403);
      expect(r.json().error.fields).toEqual([{ field: 'body.tags', message: 'no such tag: brand-new' }]);
      const editor = await inject('editor', 'POST', { url: `${A}/articles`, body: draftBody('Editor tags', { tags: ['brand-new'] }) });
      expect(editor.statusCode).toBe(201);
    });

    it('may not create an article in any other status: 403 naming body.status', async () => {
      for (const status of ['published', 'scheduled', 'unpublished']) {
        const r = await inject('writer', 'POST', {
          url: `${A}/articles`,
          body: draftBody(`Writer tries ${status}`, { status, published_at: '2027-01-01T08:00:00Z' }),
        });
        expect(r.statusCode, status).toBe(403);
        expect(r.json().error).toMatchObject({ code: 'FORBIDDEN', fields: [{ field: 'body.status' }] });
      }
    });

    it('edits its own draft, but may not make it anything but a draft', async () => {
      const a = await fixtures.writerDraft();
      const r = await put('writer', a, 1);
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ headline: 'A new headline', status: 'draft', version: 2 });
      const publish = await put('writer', a, 2, { status: 'published' });
      expect(publish.statusCode).toBe(403);
      expect(publish.json().error.fields).toEqual([expect.objectContaining({ field: 'body.status' })]);
      expect((await inject('writer', 'POST', { url: `${A}/articles/${a.id}/publish` })).statusCode).toBe(403);
    });

    it("may not edit someone else's draft", async () => {
      const theirs = await created('editor', `${A}/articles`, draftBody('Editor draft'));
      const r = await put('writer', theirs, 1);
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toContain('only the drafts it created');
    });

    it('may not edit its own story once an editor has published it', async () => {
      const a = await fixtures.writerDraft();
      expect((await inject('editor', 'POST', { url: `${A}/articles/${a.id}/publish` })).statusCode).toBe(200);
      const r = await put('writer', a, 2);
      expect(r.statusCode).toBe(403);
      expect(r.json().error.message).toContain('no longer a draft');
      expect((await put('editor', a, 2, { status: 'published' })).statusCode).toBe(200);
    });
  });
});
