import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUBLISH_JOB } from '../articles/index.js';
import { DIALECTS } from '../db/test-databases.js';
import { createTestApp, SAMPLE_BODY, seedBasics, type TestApp } from '../test-support/test-app.js';

type Json = Record<string, unknown>;

function multipartBody(field: string, filename: string, type: string, data: Buffer) {
  const boundary = '----masthead-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, data, tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}

describe.each(DIALECTS)('Admin API on %s', (dialect) => {
  let t: TestApp;
  const keys: Record<string, string> = {};

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    opts: { key?: string; body?: unknown; headers?: Record<string, string> } = {},
  ) =>
    t.app.inject({
      method,
      url,
      headers: { ...(opts.key !== undefined && { authorization: `Bearer ${opts.key}` }), ...opts.headers },
      ...(opts.body !== undefined && { payload: opts.body as Json }),
    });
  const editor = (method: Parameters<typeof call>[0], url: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) =>
    call(method, url, { ...opts, key: keys.editor as string });
  const fieldsOf = (r: { json(): { error: { fields: { field: string; message: string }[] } } }) =>
    r.json().error.fields.map((f) => f.field);
  const articleCount = async () =>
    Number(
      (
        await t.services.db
          .selectFrom('articles')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  const draft = (over: Json = {}): Json => ({
    headline: 'Council approves harbour budget',
    section: 'news',
    authors: ['mara-quint'],
    tags: ['harbour', 'council'],
    dek: 'A close vote.',
    body: SAMPLE_BODY,
    ...over,
  });

  beforeAll(async () => {
    t = await createTestApp(dialect);
    await seedBasics(t.services);
    for (const role of ['owner', 'editor', 'writer', 'business'] as const) {
      keys[role] = (await t.services.apiKeys.createKey({ name: role, kind: 'admin', role, createdBy: 'test' })).secret;
    }
    keys.partner = (await t.services.apiKeys.createKey({ name: 'partner', kind: 'content-partner', role: null, createdBy: 'test' })).secret;
    const revoked = await t.services.apiKeys.createKey({ name: 'old', kind: 'admin', role: 'owner', createdBy: 'test' });
    await t.services.apiKeys.revoke(revoked.key.id);
    keys.revoked = revoked.secret;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('authentication and roles', () => {
    it('answers 401 JSON without a key, with a bad key, or a revoked one', async () => {
      const none = await call('GET', '/api/v1/admin/articles');
      expect(none.statusCode).toBe(401);
      expect(none.headers['content-type']).toContain('application/json');
      expect(none.json().error.code).toBe('API_KEY_REQUIRED');
      expect(none.headers['www-authenticate']).toContain('Bearer');
      const owner = keys.owner as string;
      // The last character changed (to one it is not: a fixed 'A' was the key itself 1 time in 64).
      const wrong = `${owner.slice(0, -1)}${owner.endsWith('A') ? 'B' : 'A'}`;
      for (const key of ['nonsense', wrong, keys.revoked as string]) {
        const r = await call('GET', '/api/v1/admin/articles', { key });
        expect(r.statusCode).toBe(401);
        expect(r.json().error.code).toBe('API_KEY_INVALID');
      }
    });

    it('lets every admin role read, writers draft, only owners and editors do the rest, and partners nothing', async () => {
      for (const role of ['owner', 'editor', 'writer', 'business']) {
        expect((await call('GET', '/api/v1/admin/articles', { key: keys[role] })).statusCode, role).toBe(200);
      }
      for (const role of ['business', 'partner']) {
        const r = await call('POST', '/api/v1/admin/articles', { key: keys[role], body: draft() });
        expect(r.statusCode, role).toBe(403);
        expect(r.json().error.code).toBe('FORBIDDEN');
      }
      for (const role of ['writer', 'business', 'partner']) {
        expect((await call('POST', '/api/v1/admin/sections', { key: keys[role], body: { slug: 'x', name: 'X' } })).statusCode).toBe(403);
      }
      expect((await call('GET', '/api/v1/admin/articles', { key: keys.partner })).statusCode).toBe(403);
      expect((await call('POST', '/api/v1/admin/articles', { key: keys.owner, body: draft({ headline: 'Owner story' }) })).statusCode).toBe(
        201,
      );
    });
  });

  describe('articles', () => {
    it('creates, then replaces with If-Match; a stale ETag is 412 and a missing one 428', async () => {
      const created = await editor('POST', '/api/v1/admin/articles', {
        body: draft({ published_at: null, updates: [{ at: '2026-11-25T10:00:00Z', note: 'First note.' }] }),
      });
      expect(created.statusCode).toBe(201);
      expect(created.headers.etag).toBe('"v1"');
      const a = created.json();
      expect(created.headers.location).toBe(`/api/v1/admin/articles/${a.id}`);
      expect(a).toMatchObject({
        slug: 'council-approves-harbour-budget',
        status: 'draft',
        version: 1,
        tags: [
          { slug: 'council', name: 'council' },
          { slug: 'harbour', name: 'harbour' },
        ],
        updates: [{ at: '2026-11-25T10:00:00.000Z', note: 'First note.' }],
        body: SAMPLE_BODY,
      });
      expect(a.revisions).toHaveLength(1);
      expect(a.revisions[0].saved_by).toMatch(/^api-key:/);

      const got = await editor('GET', `/api/v1/admin/articles/${a.id}`);
      expect(got.statusCode).toBe(200);
      expect(got.headers.etag).toBe('"v1"');
      expect((await editor('GET', `/api/v1/admin/articles/${a.id}`, { headers: { 'if-none-match': '"v1"' } })).statusCode).toBe(304);

      const put = await editor('PUT', `/api/v1/admin/articles/${a.id}`, {
        body: draft({ headline: 'Council approves the budget', slug: a.slug }),
        headers: { 'if-match': '"v1"' },
      });
      expect(put.statusCode).toBe(200);
      expect(put.headers.etag).toBe('"v2"');
      expect(put.json()).toMatchObject({ headline: 'Council approves the budget', version: 2, updates: [] });
      expect(put.json().revisions.map((r: { version: number }) => r.version)).toEqual([2, 1]);

      const stale = await editor('PUT', `/api/v1/admin/articles/${a.id}`, {
        body: draft({ headline: 'Lost update' }),
        headers: { 'if-match': '"v1"' },
      });
      expect(stale.statusCode).toBe(412);
      expect(stale.json().error.code).toBe('ARTICLE_VERSION_CONFLICT');

      const missing = await editor('PUT', `/api/v1/admin/articles/${a.id}`, { body: draft({ headline: 'Blind write' }) });
      expect(missing.statusCode).toBe(428);
      expect(missing.json().error.code).toBe('PRECONDITION_REQUIRED');
      expect((await editor('PUT', `/api/v1/admin/articles/${a.id}`, { body: draft(), headers: { 'if-match': '*' } })).statusCode).toBe(428);
      expect((await editor('PUT', `/api/v1/admin/articles/${a.id}`, { body: draft(), headers: { 'if-match': 'W/"v2"' } })).statusCode).toBe(
        412,
      );
      expect((await editor('GET', `/api/v1/admin/articles/${a.id}`)).json().headline).toBe('Council approves the budget');
      expect(
        (await editor('PUT', '/api/v1/admin/articles/no-such-article', { body: draft(), headers: { 'if-match': '"v1"' } })).statusCode,
      ).toBe(404);
    });

    it('publishes, unpublishes and schedules', async () => {
      const a = (await editor('POST', '/api/v1/admin/articles', { body: draft({ headline: 'Ferry strike called off' }) })).json();
      expect((await t.app.inject(`/api/v1/articles/${a.slug}`)).statusCode).toBe(404);

      const pub = await editor('POST', `/api/v1/admin/articles/${a.id}/publish`, { headers: { 'if-match': '"v1"' } });
      expect(pub.statusCode).toBe(200);
      expect(pub.json()).toMatchObject({ status: 'published', version: 2, published_at: t.clock.now.toISOString() });
      expect(pub.headers.etag).toBe('"v2"');
      expect((await t.app.inject(`/api/v1/articles/${a.slug}`)).statusCode).toBe(200);

      const list = await editor('GET', '/api/v1/admin/articles?status=published');
      expect(list.json().articles.map((x: { id: string }) => x.id)).toContain(a.id);

      expect((await editor('POST', `/api/v1/admin/articles/${a.id}/unpublish`, { headers: { 'if-match': '"v1"' } })).statusCode).toBe(412);
      const unpub = await editor('POST', `/api/v1/admin/articles/${a.id}/unpublish`);
      expect(unpub.json().status).toBe('unpublished');
      expect((await t.app.inject(`/api/v1/articles/${a.slug}`)).statusCode).toBe(404);

      const past = await editor('POST', `/api/v1/admin/articles/${a.id}/schedule`, { body: { publish_at: '2020-01-01T00:00:00Z' } });
      expect(past.statusCode).toBe(400);
      expect(fieldsOf(past)).toEqual(['body.publish_at']);
      expect(fieldsOf(await editor('POST', `/api/v1/admin/articles/${a.id}/schedule`, { body: {} }))).toEqual(['body.publish_at']);
      const at = new Date(t.clock.now.getTime() + 3_600_000).toISOString();
      const sched = await editor('POST', `/api/v1/admin/articles/${a.id}/schedule`, { body: { publish_at: at } });
      expect(sched.statusCode).toBe(200);
      expect(sched.json()).toMatchObject({ status: 'scheduled', published_at: at });
      const job = await t.services.db
        .selectFrom('jobs')
        .select(['kind', 'run_at'])
        .where('dedupe_key', '=', `publish:${a.id}`)
        .executeTakeFirst();
      expect(job?.kind).toBe(PUBLISH_JOB);
      expect(job?.run_at.toISOString()).toBe(at);
    });

    it('lists in any status, with filters and paging', async () => {
      const r = await editor('GET', '/api/v1/admin/articles?status=draft&per_page=1');
      expect(r.statusCode).toBe(200);
      expect(r.json().articles).toHaveLength(1);
      expect(r.json().articles[0].status).toBe('draft');
      expect(r.json().meta.per_page).toBe(1);
      expect(r.headers['cache-control']).toBe('no-store');
      expect((await editor('GET', '/api/v1/admin/articles?section=nope')).statusCode).toBe(404);
      expect(fieldsOf(await editor('GET', '/api/v1/admin/articles?status=gone'))).toEqual(['querystring.status']);
      expect(fieldsOf(await editor('GET', '/api/v1/admin/articles?stauts=draft'))).toEqual(['querystring.stauts']);
    });

    it('names the field of every bad body', async () => {
      const before = await articleCount();
      const bad = (over: Json = {}) => draft({ headline: 'Validation story', ...over });
      const cases: [unknown, string[]][] = [
        [{ ...bad(), headline: { text: 'x' }, authors: 'mara-quint' }, ['body.headline', 'body.authors']],
        [{ ...bad(), headline: 123 }, ['body.headline']],
        [{ section: 'news', authors: ['mara-quint'] }, ['body.headline']],
        // No body at all, as Markdown or as a document.
        [{ headline: 'No body', section: 'news', authors: ['mara-quint'] }, ['body.body']],
        [bad({ body_doc: { type: 'doc', content: [{ type: 'heading', attrs: { level: 1 } }] } }), ['body.body_doc.content.0.attrs.level']],
        [
          bad({ body_doc: { type: 'doc', content: [{ type: 'figure', attrs: { imageId: 'no-such-image', alt: 'x' } }] } }),
          ['body.body_doc'],
        ],
        [bad({ hero: { image_id: 'abc', alt: 'x', focal_x: 1.5 } }), ['body.hero.focal_x']],
        [{ ...bad(), hedline: 'typo' }, ['body.hedline']],
        [bad({ section: 'weather' }), ['body.section']],
        [bad({ authors: ['nobody'] }), ['body.authors']],
        [bad({ status: 'live' }), ['body.status']],
        [bad({ published_at: 'yesterday' }), ['body.published_at']],
        [bad({ published_at: '2026-02-30T10:00:00Z' }), ['body.published_at']],
        [bad({ published_at: '2026-12-31T23:59:60Z' }), ['body.published_at']],
        [bad({ published_at: 1700000000 }), ['body.published_at']],
        [bad({ status: 'scheduled' }), ['body.published_at']],
        [bad({ updates: [{ at: 'soon', note: 'x' }] }), ['body.updates.0.at']],
        [bad({ hero: { image_id: 'no-such-image', alt: 'x' } }), ['body.hero.image_id']],
        [bad({ hero: { image_id: 'abc' } }), ['body.hero.alt']],
        [bad({ headline: 'Nul\u0000byte' }), ['body.headline']],
        [bad({ slug: 'Bad Slug' }), ['body.slug']],
        [[1, 2], ['body']],
      ];
      for (const [body, fields] of cases) {
        const r = await editor('POST', '/api/v1/admin/articles', { body });
        expect(r.statusCode, JSON.stringify(body).slice(0, 120)).toBe(400);
        expect(r.json().error.code).toBe('VALIDATION_FAILED');
        expect(fieldsOf(r), JSON.stringify(body).slice(0, 120)).toEqual(fields);
      }
      // Many problems at once: each named once, without "must be null" noise from nullable fields.
      const many = await editor('POST', '/api/v1/admin/articles', {
        body: { headline: {}, authors: 'x', extra: 1, status: 'zz', published_at: 'bad' },
      });
      expect(many.json().error.fields).toEqual(
        expect.arrayContaining([
          { field: 'body.extra', message: 'is not a known field' },
          { field: 'body.section', message: 'is required' },
          { field: 'body.published_at', message: 'must match format "date-time"' },
        ]),
      );
      expect(many.json().error.fields.filter((f: { field: string }) => f.field === 'body.published_at')).toHaveLength(1);
      const msg = (await editor('POST', '/api/v1/admin/articles', { body: bad({ section: 'weather' }) })).json().error.message;
      expect(msg).toContain('weather');
      expect(await articleCount()).toBe(before);
    });

    it('deletes', async () => {
      const a = (await editor('POST', '/api/v1/admin/articles', { body: draft({ headline: 'Short-lived' }) })).json();
      expect((await editor('DELETE', `/api/v1/admin/articles/${a.id}`, { headers: { 'if-match': '"v9"' } })).statusCode).toBe(412);
      const r = await editor('DELETE', `/api/v1/admin/articles/${a.id}`);
      expect(r.statusCode).toBe(204);
      expect(r.body).toBe('');
      expect((await editor('GET', `/api/v1/admin/articles/${a.id}`)).statusCode).toBe(404);
      expect((await editor('DELETE', `/api/v1/admin/articles/${a.id}`)).statusCode).toBe(404);
    });
  });

  describe('sections, authors and tags', () => {
    it('creates, updates and deletes sections; reserved slugs are 400, sections in use 409', async () => {
      const r = await editor('POST', '/api/v1/admin/sections', { body: { slug: 'weather', name: 'Weather', description: 'Forecasts.' } });
      expect(r.statusCode).toBe(201);
      expect(r.json()).toMatchObject({
        slug: 'weather',
        name: 'Weather',
        description: 'Forecasts.',
        position: 2,
        url: 'https://paper.test/weather',
      });
      const reserved = await editor('POST', '/api/v1/admin/sections', { body: { slug: 'api', name: 'API' } });
      expect(reserved.statusCode).toBe(400);
      expect(reserved.json().error.fields).toEqual([{ field: 'body.slug', message: expect.stringContaining('"api"') }]);
      expect(reserved.json().error.message).toContain('api');
      expect(fieldsOf(await editor('POST', '/api/v1/admin/sections', { body: { slug: 'weather', name: 'Again' } }))).toEqual(['body.slug']);
      expect(fieldsOf(await editor('POST', '/api/v1/admin/sections', { body: { slug: 'x', name: 'X', position: -1 } }))).toEqual([
        'body.position',
      ]);
      expect(fieldsOf(await editor('PATCH', '/api/v1/admin/sections/weather', { body: {} }))).toEqual(['body']);

      const patched = await editor('PATCH', '/api/v1/admin/sections/weather', { body: { name: 'Weather & Tides' } });
      expect(patched.statusCode).toBe(200);
      expect(patched.json()).toMatchObject({ slug: 'weather', name: 'Weather & Tides', description: 'Forecasts.' });
      expect((await editor('PATCH', '/api/v1/admin/sections/weather', { body: { slug: 'search' } })).statusCode).toBe(400);
      expect((await t.app.inject('/api/v1/sections')).json().sections.map((x: { name: string }) => x.name)).toContain('Weather & Tides');

      const inUse = await editor('DELETE', '/api/v1/admin/sections/news');
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json().error.code).toBe('SECTION_NOT_EMPTY');
      expect((await editor('DELETE', `/api/v1/admin/sections/${r.json().id}`)).statusCode).toBe(204);
      expect((await editor('DELETE', '/api/v1/admin/sections/weather')).statusCode).toBe(404);
    });

    it('creates, updates and deletes authors and tags', async () => {
      const au = await editor('POST', '/api/v1/admin/authors', { body: { name: 'Ada Ferreira', bio: 'Science.' } });
      expect(au.statusCode).toBe(201);
      expect(au.json()).toMatchObject({ slug: 'ada-ferreira', name: 'Ada Ferreira', bio: 'Science.', photo: null });
      expect(fieldsOf(await editor('POST', '/api/v1/admin/authors', { body: { name: 'Ada Ferreira' } }))).toEqual(['body.slug']);
      expect(fieldsOf(await editor('PATCH', '/api/v1/admin/authors/ada-ferreira', { body: { photo_image_id: 'nope' } }))).toEqual([
        'body.photo_image_id',
      ]);
      expect((await editor('PATCH', '/api/v1/admin/authors/ada-ferreira', { body: { bio: 'Science and health.' } })).json().bio).toBe(
        'Science and health.',
      );
      expect((await editor('DELETE', '/api/v1/admin/authors/mara-quint')).statusCode).toBe(409);
      expect((await editor('DELETE', `/api/v1/admin/authors/${au.json().id}`)).statusCode).toBe(204);

      const tag = await editor('POST', '/api/v1/admin/tags', { body: { name: 'Tides & Weather' } });
      expect(tag.statusCode).toBe(201);
      expect(tag.json()).toMatchObject({ slug: 'tides-weather', name: 'Tides & Weather', url: 'https://paper.test/tags/tides-weather' });
      expect((await editor('PATCH', '/api/v1/admin/tags/tides-weather', { body: { name: 'Tides' } })).json().name).toBe('Tides');
      expect((await editor('DELETE', '/api/v1/admin/tags/harbour')).statusCode).toBe(204);
      expect((await t.app.inject('/api/v1/tags')).json().tags.map((x: { slug: string }) => x.slug)).not.toContain('harbour');
      expect((await editor('DELETE', '/api/v1/admin/tags/harbour')).statusCode).toBe(404);
    });
  });

  describe('images', () => {
    it('uploads a JPEG and uses it as a hero', async () => {
      const jpeg = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#2a6f97' } })
        .jpeg()
        .toBuffer();
      const { payload, contentType } = multipartBody('file', 'harbour.jpg', 'image/jpeg', jpeg);
      const up = await editor('POST', '/api/v1/admin/images', { body: payload, headers: { 'content-type': contentType } });
      expect(up.statusCode).toBe(201);
      const image = up.json();
      expect(image).toMatchObject({ width: 800, height: 500, content_type: 'image/jpeg' });
      expect(image.url).toMatch(/^https:\/\/paper\.test\/media\//);
      expect(image.variants.length).toBeGreaterThan(0);

      const a = await editor('POST', '/api/v1/admin/articles', {
        body: draft({
          headline: 'Harbour at dawn',
          status: 'published',
          hero: { image_id: image.id, alt: 'The harbour at dawn', credit: 'Staff' },
        }),
      });
      expect(a.statusCode).toBe(201);
      expect(a.json().hero).toMatchObject({ image_id: image.id, alt: 'The harbour at dawn', credit: 'Staff', caption: '' });
      const pub = (await t.app.inject('/api/v1/articles/harbour-at-dawn')).json();
      expect(pub.hero).toMatchObject({ width: 800, height: 500, alt: 'The harbour at dawn' });
      expect(pub.hero.srcset).toContain('https://paper.test/media/');

      const wrongField = multipartBody('picture', 'harbour.jpg', 'image/jpeg', jpeg);
      const bad = await editor('POST', '/api/v1/admin/images', {
        body: wrongField.payload,
        headers: { 'content-type': wrongField.contentType },
      });
      expect(bad.statusCode).toBe(400);
      expect(fieldsOf(bad)).toEqual(['file']);
      expect((await editor('POST', '/api/v1/admin/images', { body: { file: 'x' } })).statusCode).toBe(415);
      const notImage = multipartBody('file', 'notes.txt', 'text/plain', Buffer.from('hello'));
      expect(
        (await editor('POST', '/api/v1/admin/images', { body: notImage.payload, headers: { 'content-type': notImage.contentType } }))
          .statusCode,
      ).toBe(415);
      const anon = await t.app.inject({ method: 'POST', url: '/api/v1/admin/images', payload, headers: { 'content-type': contentType } });
      expect(anon.statusCode).toBe(401);
    });

    it('takes the body as a document or as Markdown and answers both; keeps the focal point and corrections', async () => {
      const png = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#884422' } })
        .png()
        .toBuffer();
      const { payload, contentType } = multipartBody('file', 'dredger.png', 'image/png', png);
      const image = (await editor('POST', '/api/v1/admin/images', { body: payload, headers: { 'content-type': contentType } })).json();
      const bodyDoc = {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'The dredger is idle.' }] },
          { type: 'paywallBreak' },
          { type: 'figure', attrs: { imageId: image.id, alt: 'A dredger', caption: 'Idle since May.', credit: 'Staff' } },
          { type: 'pullQuote', attrs: { attribution: 'The harbour master' }, content: [{ type: 'text', text: 'Not before spring.' }] },
        ],
      };
      const created = await editor('POST', '/api/v1/admin/articles', {
        body: {
          ...draft({ headline: 'Dredger idle', body: undefined }),
          body_doc: bodyDoc,
          hero: { image_id: image.id, alt: 'A dredger', focal_x: 0.25, focal_y: 0.8 },
          updates: [{ at: '2026-11-21T09:00:00Z', note: 'We misnamed the dredger.', correction: true }],
        },
      });
      expect(created.statusCode).toBe(201);
      const a = created.json();
      expect(a.body_doc.content.map((n: { type: string }) => n.type)).toEqual(['paragraph', 'paywallBreak', 'figure', 'pullQuote']);
      expect(a.body).toBe(
        `${[
          'The dredger is idle.',
          '::: paywall',
          `::: figure Staff\n![A dredger](/media/${image.id}/original.png "Idle since May.")\n:::`,
          '::: pull-quote The harbour master\nNot before spring.\n:::',
        ].join('\n\n')}\n`,
      );
      expect(a.hero).toMatchObject({ focal_x: 0.25, focal_y: 0.8 });
      expect(a.updates).toEqual([{ at: '2026-11-21T09:00:00.000Z', note: 'We misnamed the dredger.', correction: true }]);

      // The Markdown it answered, sent back as the source, makes the same document.
      const replaced = await editor('PUT', `/api/v1/admin/articles/${a.id}`, {
        body: { ...draft({ headline: 'Dredger idle', body: a.body }), hero: { image_id: image.id, alt: 'A dredger' } },
        headers: { 'if-match': `"v${a.version}"` },
      });
      expect(replaced.statusCode).toBe(200);
      expect(replaced.json().body_doc).toEqual(a.body_doc);
      expect(replaced.json().body).toBe(a.body);
      expect(replaced.json().hero).toMatchObject({ focal_x: 0.5, focal_y: 0.5 });
      expect(replaced.json().updates).toEqual([]);
    });
  });

  describe('OpenAPI', () => {
    it('documents the API routes, only them, with the bearer scheme', async () => {
      const r = await t.app.inject('/api/openapi.json');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toContain('application/json');
      const doc = JSON.parse(r.body);
      expect(doc.openapi).toMatch(/^3\./);
      expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
      const paths = Object.keys(doc.paths);
      for (const p of [
        '/api/v1/articles',
        '/api/v1/articles/{id}',
        '/api/v1/sections',
        '/api/v1/authors',
        '/api/v1/tags',
        '/api/v1/admin/articles',
        '/api/v1/admin/articles/{id}',
        '/api/v1/admin/articles/{id}/publish',
        '/api/v1/admin/articles/{id}/unpublish',
        '/api/v1/admin/articles/{id}/schedule',
        '/api/v1/admin/sections',
        '/api/v1/admin/sections/{id}',
        '/api/v1/admin/authors/{id}',
        '/api/v1/admin/tags/{id}',
        '/api/v1/admin/images',
      ]) {
        expect(paths, p).toContain(p);
      }
      expect(paths.every((p) => p.startsWith('/api/v1/'))).toBe(true);
      const create = doc.paths['/api/v1/admin/articles'].post;
      expect(create.security).toEqual([{ apiKey: [] }]);
      expect(create.requestBody.content['application/json'].schema.required).toEqual(
        expect.arrayContaining(['headline', 'section', 'authors']),
      );
      // The body as Markdown or as a document: either may be sent, both are answered.
      expect(Object.keys(create.requestBody.content['application/json'].schema.properties)).toEqual(
        expect.arrayContaining(['body', 'body_doc']),
      );
      expect(doc.paths['/api/v1/articles'].get.responses['200']).toBeDefined();
    });
  });
});
